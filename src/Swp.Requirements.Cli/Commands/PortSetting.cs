using System;
using System.Globalization;
using Swp.Requirements.Net;

namespace Swp.Requirements.Cli.Commands;

/// <summary>
/// A changed port from the command line: a named port of the spec (<c>proxy=3128</c>) or
/// <c>DESTINATION:DEFAULT=PORT</c>. Ports follow the project's one port rule (plain digits,
/// 1–65535, no leading zero); what a named port means is the spec's.
/// </summary>
internal readonly record struct PortSetting(NamedPort? Name, PortOverride? Override, int Port)
{
    /// <exception cref="FormatException">The text is not in either shape, an ID is unknown, or a port is not 1–65535.</exception>
    public static PortSetting Parse(string text)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"'{text}' is not a changed port: expected NAME=PORT (e.g. proxy=3128) or DESTINATION:DEFAULT=PORT (e.g. vcenter:443=8443).");
        }

        int port = ParsePort(text[(equals + 1)..]);
        string key = text[..equals];
        int colon = key.LastIndexOf(':');
        if (colon < 0)
        {
            return SwpIds.TryParseNamedPort(key, out NamedPort name)
                ? new PortSetting(name, null, port)
                : throw new FormatException($"Unknown named port '{key}': {Text.IdSuggestion.Hint(key, SwpIds.NamedPortIds)}; or write DESTINATION:DEFAULT=PORT.");
        }

        int defaultPort = ParsePort(key[(colon + 1)..]);
        return new PortSetting(null, new PortOverride(SwpIds.ParseComponent(key[..colon]), defaultPort, port), port);
    }

    /// <summary>Parses a port by the project's one rule.</summary>
    /// <exception cref="FormatException">It is not one.</exception>
    public static int ParsePort(string text) =>
        PortText.TryParse(text, out int port)
            ? port
            : throw new FormatException($"'{text}' is not a port: expected an integer from 1 to 65535, written without a sign or leading zero.");

    public Deployment ApplyTo(Deployment deployment) =>
        Name is { } name ? deployment.WithNamedPort(name, Port) : deployment.WithPortOverride(Override!.Value);

    public override string ToString() => Name is { } n ? n.ToId() + "=" + Port.ToString(CultureInfo.InvariantCulture) : Override!.Value.ToString();
}

using System;
using System.Globalization;
using Swp.Requirements.Net;

namespace Swp.Requirements.Deployments;

/// <summary>
/// The text form of a flow, as deployment files' <c>exclude</c>, <c>swp-ports diff</c> and
/// messages write it: <c>source-&gt;destination port/protocol</c>, e.g.
/// <c>server-workload-protection-&gt;siem-syslog-server 514/udp</c>. Shared source.
/// </summary>
internal static class FlowKey
{
    /// <summary>E.g. <c>agent-&gt;server-workload-protection 443/tcp</c>.</summary>
    public static string Format(string source, string destination, int port, string protocol) =>
        source + "->" + destination + " " + port.ToString(CultureInfo.InvariantCulture) + "/" + protocol;

    /// <summary>
    /// Reads <c>SOURCE-&gt;DESTINATION PORT/PROTOCOL</c> (spaces around <c>-&gt;</c> allowed;
    /// protocol <c>tcp</c>, <c>udp</c> or <c>any</c>). IDs are not resolved here.
    /// </summary>
    /// <returns>Null when it is well formed; else what was expected there (it reads after "expected").</returns>
    public static string? TryParse(string text, out string source, out string destination, out int port, out string protocol)
    {
        source = destination = protocol = "";
        port = 0;
        int arrow = text.IndexOf("->", StringComparison.Ordinal);
        int space = arrow < 0 ? -1 : text.IndexOf(' ', text.Length > arrow + 2 && text[arrow + 2] == ' ' ? arrow + 3 : arrow + 2);
        if (arrow <= 0 || space < 0)
        {
            return "SOURCE->DESTINATION PORT/PROTOCOL, e.g. \"server-workload-protection->siem-syslog-server 514/udp\"";
        }

        source = text.Substring(0, arrow).Trim();
        destination = text.Substring(arrow + 2, space - arrow - 2).Trim();
        string rest = text.Substring(space + 1).Trim();
        int slash = rest.IndexOf('/');
        if (slash < 0 || !PortText.TryParse(rest.AsSpan(0, slash), out port))
        {
            return "PORT/PROTOCOL after the destination, e.g. 514/udp (a port is 1-65535, no leading zero)";
        }

        protocol = rest.Substring(slash + 1);
        return protocol == "any" || Net.IpProtocols.TryParseId(protocol.AsSpan(), out _) ? null : "tcp, udp or any as the protocol";
    }
}

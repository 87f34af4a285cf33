using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Swp.Requirements.Cli.Output;

namespace Swp.Requirements.Cli.Commands;

/// <summary><c>swp-ports rules</c>: the flows a deployment must allow.</summary>
internal static class RulesCommand
{
    private static readonly Column[] s_columns =
    [
        new("source"), new("destination"), new("port", IsNumber: true), new("transport"), new("protocol"),
        new("condition"), new("scope"), new("source_cidr"), new("note"),
    ];

    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "Every flow of the table, whatever its conditions." };
        Option<Conditions[]> with = CommonOptions.Ids("--with", "Enable a condition (repeat, or separate with commas): " + string.Join(", ", SwpIds.ConditionIds.ToArray()) + ".", "CONDITION", SwpIds.ParseCondition);
        Option<Component[]> source = CommonOptions.Ids("--source", "Only flows from these components (repeatable).", "COMPONENT", SwpIds.ParseComponent);
        Option<Component[]> destination = CommonOptions.Ids("--destination", "Only flows to these components (repeatable).", "COMPONENT", SwpIds.ParseComponent);
        var region = new Option<Region?>("--region")
        {
            Description = "The account's region: fills source_cidr of the flows the manager starts. One of: " + string.Join(", ", SwpIds.RegionIds.ToArray()) + ".",
            HelpName = "REGION",
            CustomParser = result => CommonOptions.ParseAll(result, SwpIds.ParseRegion).Cast<Region?>().LastOrDefault(),
        };
        Option<PortOverride[]> port = CommonOptions.Ids("--port", "A changed default port, for flows from every source: DESTINATION:DEFAULT=PORT, e.g. vcenter:443=8443 (repeatable; for a web proxy use --proxy).", "DESTINATION:DEFAULT=PORT", ParsePortOverride);
        var proxy = new Option<int?>("--proxy")
        {
            Description = "Agents and relays reach the manager through a web proxy on this port instead of 443.",
            HelpName = "PORT",
            CustomParser = result => CommonOptions.ParseAll(result, text => (int?)ParsePort(text)).LastOrDefault(),
        };
        Option<OutputFormat> format = CommonOptions.Format();

        var command = new Command("rules", """
            The flows a deployment's firewalls must allow: source, destination, destination port, transport (IP protocol), application protocol, and the conditions that make each needed.
            Without options: the baseline deployment (no condition enabled). Replies on the same connection must be allowed too; host-scope flows belong in host firewalls only.

            Examples:
              swp-ports rules
              swp-ports rules --with relays --with siem --format csv
              swp-ports rules --all --format markdown
              swp-ports rules --with bidirectional --region germany --source server-workload-protection
              swp-ports rules --proxy 1443 --format json
            """)
        {
            all, with, source, destination, region, port, proxy, format,
        };
        command.SetAction(parse =>
        {
            Deployment deployment = new(parse.GetValue(all) ? Conditions.All : (parse.GetValue(with) ?? []).Aggregate(Conditions.None, (a, c) => a | c), parse.GetValue(region));
            foreach (PortOverride o in parse.GetValue(port) ?? [])
            {
                deployment = deployment.WithPortOverride(o);
            }

            if (parse.GetValue(proxy) is int proxyPort)
            {
                deployment = deployment.WithProxy(proxyPort);
            }

            Component[] sources = parse.GetValue(source) ?? [];
            Component[] destinations = parse.GetValue(destination) ?? [];
            var grid = new Grid(s_columns);
            foreach (Flow flow in deployment.Flows)
            {
                if ((sources.Length > 0 && !sources.Contains(flow.Source)) || (destinations.Length > 0 && !destinations.Contains(flow.Destination)))
                {
                    continue;
                }

                string cidr = flow.Source == Component.ServerWorkloadProtection && deployment.ManagerSubnet is { } subnet ? subnet.ToString() : "";
                grid.Add(
                    flow.Source.ToId(), flow.Destination.ToId(), flow.Port.ToString(CultureInfo.InvariantCulture), flow.IPProtocol.ToId(),
                    flow.ApplicationProtocol.ToId(), SwpIds.FormatConditions(flow.Conditions), flow.IsHostLocal ? "host" : "network", cidr, flow.Note ?? "");
            }

            GridWriter.Write(grid, parse.GetValue(format), parse.InvocationConfiguration.Output);
            if (grid.Rows.Count == 0 && !parse.GetValue(all))
            {
                parse.InvocationConfiguration.Error.WriteLine("note: no flow matches. Flows from or to optional components need their condition (e.g. --with relays); --all lists every flow with the conditions it needs.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Parses <c>DESTINATION:DEFAULT=PORT</c>.</summary>
    /// <exception cref="FormatException">The text is not in that shape or a port is not 1–65535.</exception>
    /// <exception cref="FormatException">The destination is not a component ID.</exception>
    internal static PortOverride ParsePortOverride(string text)
    {
        int colon = text.LastIndexOf(':');
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (colon <= 0 || equals < colon)
        {
            throw new FormatException($"'{text}' is not a port override: expected DESTINATION:DEFAULT=PORT, e.g. server-workload-protection:443=1443.");
        }

        int defaultPort = ParsePort(text[(colon + 1)..equals]);
        int newPort = ParsePort(text[(equals + 1)..]);
        return new PortOverride(SwpIds.ParseComponent(text[..colon]), defaultPort, newPort);
    }

    /// <summary>Parses a port 1–65535.</summary>
    /// <exception cref="FormatException">It is not one.</exception>
    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is >= 1 and <= 65535
            ? port
            : throw new FormatException($"'{text}' is not a port: expected an integer from 1 to 65535.");

}

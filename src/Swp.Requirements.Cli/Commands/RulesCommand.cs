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
        Option<PortOverride[]> port = CommonOptions.Ids("--port", "Use another port than the default: DESTINATION:DEFAULT=PORT, e.g. server-workload-protection:443=1443 for a web proxy (repeatable).", "DESTINATION:DEFAULT=PORT", ParsePortOverride);
        Option<OutputFormat> format = CommonOptions.Format();

        var command = new Command("rules", """
            The flows a deployment's firewalls must allow: source, destination, destination port, transport (IP protocol), application protocol, and the conditions that make each needed.
            Without options: the baseline deployment (no condition enabled). Replies on the same connection must be allowed too; host-scope flows belong in host firewalls only.

            Examples:
              swp-ports rules
              swp-ports rules --with relays --with siem --format csv
              swp-ports rules --all --format markdown
              swp-ports rules --with bidirectional --region germany --source server-workload-protection
              swp-ports rules --port server-workload-protection:443=1443 --format json
            """)
        {
            all, with, source, destination, region, port, format,
        };
        command.SetAction(parse =>
        {
            Deployment deployment = new(parse.GetValue(all) ? Conditions.All : (parse.GetValue(with) ?? []).Aggregate(Conditions.None, (a, c) => a | c), parse.GetValue(region));
            foreach (PortOverride o in parse.GetValue(port) ?? [])
            {
                deployment = deployment.WithPort(o.Destination, o.DefaultPort, o.Port);
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
                    flow.Source.ToId(), flow.Destination.ToId(), flow.Port.ToString(CultureInfo.InvariantCulture), flow.IpProtocol.ToId(),
                    flow.ApplicationProtocol.ToId(), SwpIds.FormatConditions(flow.Conditions), flow.IsHostLocal ? "host" : "network", cidr, flow.Note ?? "");
            }

            GridWriter.Write(grid, parse.GetValue(format), parse.InvocationConfiguration.Output);
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
        if (colon <= 0 || equals < colon
            || !int.TryParse(text.AsSpan(colon + 1, equals - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int defaultPort)
            || !int.TryParse(text.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int newPort)
            || defaultPort is < 1 or > 65535 || newPort is < 1 or > 65535)
        {
            throw new FormatException($"'{text}' is not a port override: expected DESTINATION:DEFAULT=PORT with ports 1–65535, e.g. server-workload-protection:443=1443.");
        }

        return new PortOverride(SwpIds.ParseComponent(text[..colon]), defaultPort, newPort);
    }

}

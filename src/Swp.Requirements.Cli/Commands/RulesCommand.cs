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
        new("condition"), new("replaced_by"), new("scope"), new("source_cidr"), new("note"),
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
        Option<PortSetting[]> port = CommonOptions.Ids("--port", "A changed default port: a named port NAME=PORT (" + string.Join(", ", SwpIds.NamedPortIds.ToArray()) + "), e.g. proxy=3128, or DESTINATION:DEFAULT=PORT for flows from every source, e.g. vcenter:443=8443 (repeatable).", "NAME=PORT|DESTINATION:DEFAULT=PORT", PortSetting.Parse);
        var proxy = new Option<int?>("--proxy")
        {
            Description = "Shorthand for --port proxy=PORT: the deployment has a web proxy listening on PORT (what that means is the spec's named port 'proxy').",
            HelpName = "PORT",
            CustomParser = result => CommonOptions.ParseAll(result, text => (int?)PortSetting.ParsePort(text)).LastOrDefault(),
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
            foreach (PortSetting setting in parse.GetValue(port) ?? [])
            {
                deployment = setting.ApplyTo(deployment);
            }

            if (parse.GetValue(proxy) is int proxyPort)
            {
                deployment = PortSetting.Parse("proxy=" + proxyPort.ToString(CultureInfo.InvariantCulture)).ApplyTo(deployment);
            }

            Component[] sources = parse.GetValue(source) ?? [];
            Component[] destinations = parse.GetValue(destination) ?? [];
            var grid = new Grid(s_columns);
            Flow[] flows = parse.GetValue(all) ? Flows.All.ToArray() : [.. deployment.Flows];
            foreach (Flow table in flows)
            {
                Flow flow = table; // with --all, the table as it is (replaced flows too); ports as the deployment uses them
                if ((sources.Length > 0 && !sources.Contains(flow.Source)) || (destinations.Length > 0 && !destinations.Contains(flow.Destination)))
                {
                    continue;
                }

                string cidr = Components.HasDynamicAddresses(flow.Source) ? string.Join(" ", deployment.ManagerSubnets.ToArray()) : "";
                grid.Add(
                    flow.Source.ToId(), flow.Destination.ToId(), deployment.PortOf(flow).ToString(CultureInfo.InvariantCulture), flow.IPProtocol.ToId(),
                    flow.ApplicationProtocol.ToId(), SwpIds.FormatConditions(flow.Conditions), SwpIds.FormatConditions(flow.ReplacedBy), flow.IsHostLocal ? "host" : "network", cidr, flow.Note ?? "");
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

}

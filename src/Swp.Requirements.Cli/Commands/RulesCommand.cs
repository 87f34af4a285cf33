using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using Swp.Requirements.Cli.Output;
using Swp.Requirements.Firewalls;

namespace Swp.Requirements.Cli.Commands;

/// <summary><c>swp-ports rules</c>: the flows a deployment must allow, or the rules of one component's firewall.</summary>
internal static class RulesCommand
{
    private static readonly Column[] s_columns =
    [
        new("source"), new("destination"), new("port", IsNumber: true), new("transport"), new("protocol"),
        new("condition"), new("replaced_by"), new("scope"), new("source_cidr"), new("note"),
    ];

    private static readonly Column[] s_forColumns =
    [
        new("direction"), new("name"), new("source"), new("destination"), new("port", IsNumber: true), new("transport"), new("protocol"),
        new("local_addresses"), new("remote_addresses"), new("scope"), new("remarks"),
    ];

    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "Every flow of the table, whatever its conditions (also the flows a condition replaces)." };
        var deploymentOptions = new DeploymentOptions();
        Option<Component[]> source = CommonOptions.Ids("--source", "Only flows from these components (repeatable).", "COMPONENT", SwpIds.ParseComponent);
        Option<Component[]> destination = CommonOptions.Ids("--destination", "Only flows to these components (repeatable).", "COMPONENT", SwpIds.ParseComponent);
        Option<Component?> forComponent = CommonOptions.Component("--for", "The rules of this component's firewall: egress for the flows it opens, ingress for those it accepts, with local and remote addresses from the deployment (as render writes them).");
        Option<string?> format = CommonOptions.Format();

        var command = new Command("rules", """
            The flows a deployment's firewalls must allow: source, destination, destination port, transport (IP protocol), application protocol, and the conditions that make each needed (replaced_by: the conditions that make it unneeded, e.g. a web proxy).
            Without options: the baseline deployment (no condition enabled). With --for: the rules of one component's firewall, with a direction column and the addresses filled in, for the change request that goes with 'swp-ports render'. Replies on the same connection must be allowed too; host-scope flows belong in host firewalls only.

            Examples:
              swp-ports rules
              swp-ports rules --with relays --with siem --format csv
              swp-ports rules --all --format markdown
              swp-ports rules --with bidirectional --region germany --source server-workload-protection
              swp-ports rules --proxy 3128 --format json
              swp-ports rules --for relay --deployment prod.swp.json --format csv
            """)
        {
            all, source, destination, forComponent, format,
        };
        deploymentOptions.AddTo(command);
        command.SetAction(parse =>
        {
            if (deploymentOptions.Read(parse, parse.GetValue(all) ? Conditions.All : Conditions.None) is not { } selection)
            {
                return SwpPorts.UsageError;
            }

            Deployment deployment = selection.Deployment;
            Component[] sources = parse.GetValue(source) ?? [];
            Component[] destinations = parse.GetValue(destination) ?? [];
            Grid grid;
            if (parse.GetValue(forComponent) is { } component)
            {
                grid = PointOfView(FirewallPolicy.Create(deployment, component, new FirewallPolicyOptions { ExcludedFlows = selection.Excluded, IncludeReplacedFlows = parse.GetValue(all) }), sources, destinations);
            }
            else
            {
                grid = new Grid(s_columns);
                Flow[] flows = parse.GetValue(all) ? Flows.All.ToArray() : [.. deployment.Flows];
                foreach (Flow flow in flows)
                {
                    // With --all, the table as it is (replaced flows too); ports as the deployment uses them.
                    if ((sources.Length > 0 && !sources.Contains(flow.Source)) || (destinations.Length > 0 && !destinations.Contains(flow.Destination)))
                    {
                        continue;
                    }

                    string cidr = Components.HasDynamicAddresses(flow.Source) ? string.Join(" ", deployment.ManagerSubnets.ToArray()) : "";
                    grid.Add(
                        flow.Source.ToId(), flow.Destination.ToId(), deployment.PortOf(flow).ToString(CultureInfo.InvariantCulture), flow.IPProtocol.ToId(),
                        flow.ApplicationProtocol.ToId(), SwpIds.FormatConditions(flow.Conditions), SwpIds.FormatConditions(flow.ReplacedBy), flow.IsHostLocal ? "host" : "network", cidr, flow.Note ?? "");
                }
            }

            GridWriter.Write(grid, CommonOptions.FormatOf(parse, format), parse.InvocationConfiguration.Output);
            if (grid.Rows.Count == 0 && !parse.GetValue(all))
            {
                parse.InvocationConfiguration.Error.WriteLine("note: no flow matches. Flows from or to optional components need their condition (e.g. --with relays); --all lists every flow with the conditions it needs.");
            }

            return 0;
        });
        return command;
    }

    private static Grid PointOfView(FirewallPolicy policy, Component[] sources, Component[] destinations)
    {
        var grid = new Grid(s_forColumns);
        foreach (FirewallRule rule in policy.Rules)
        {
            Flow flow = rule.Flow;
            if ((sources.Length > 0 && !sources.Contains(flow.Source)) || (destinations.Length > 0 && !destinations.Contains(flow.Destination)))
            {
                continue;
            }

            grid.Add(
                rule.Direction == RuleDirection.Ingress ? "ingress" : "egress", rule.Name, flow.Source.ToId(), flow.Destination.ToId(),
                flow.Port.ToString(CultureInfo.InvariantCulture), flow.IPProtocol.ToId(), flow.ApplicationProtocol.ToId(),
                Addresses(rule.LocalAddresses, rule.IsLoopback), Addresses(rule.RemoteAddresses, rule.IsLoopback), rule.IsLoopback ? "host" : "network",
                string.Join(" ", rule.Remarks));
        }

        return grid;
    }

    private static string Addresses(System.Collections.Generic.IReadOnlyList<IPv4Network> networks, bool loopback) =>
        loopback ? "loopback" : networks.Count == 0 ? "any" : string.Join(" ", networks);
}

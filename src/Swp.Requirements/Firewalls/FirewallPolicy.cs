using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// A configuration to render, in no dialect: the rules a firewall on one component (a host
/// firewall, or a cloud security group attached to the component's machines) needs for a
/// deployment, in a stable order (egress, then ingress; table order within each).
/// </summary>
public sealed class FirewallPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="component">The component whose firewall this is.</param>
    /// <param name="rules">The rules, in order; names unique.</param>
    /// <param name="remarks">Notes for the header of the output (e.g. which components have no addresses).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Two rules have the same name.</exception>
    public FirewallPolicy(Component component, IReadOnlyList<FirewallRule> rules, IReadOnlyList<string> remarks)
        : this(component, rules, remarks, [])
    {
    }

    /// <summary>Creates a policy with warnings: what a user should know before applying it.</summary>
    /// <param name="component">The component whose firewall this is.</param>
    /// <param name="rules">The rules, in order; names unique.</param>
    /// <param name="remarks">Notes for the header of the output.</param>
    /// <param name="warnings">What the user should know before applying it (also among the remarks, so every output says it).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Two rules have the same name.</exception>
    public FirewallPolicy(Component component, IReadOnlyList<FirewallRule> rules, IReadOnlyList<string> remarks, IReadOnlyList<string> warnings)
    {
        Component = component;
        Rules = rules ?? throw new ArgumentNullException(nameof(rules));
        Remarks = remarks ?? throw new ArgumentNullException(nameof(remarks));
        Warnings = warnings ?? throw new ArgumentNullException(nameof(warnings));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (FirewallRule rule in rules)
        {
            if (!names.Add(rule.Name))
            {
                throw new ArgumentException($"Two rules are named '{rule.Name}'.", nameof(rules));
            }
        }
    }

    /// <summary>The component whose firewall this is.</summary>
    public Component Component { get; }

    /// <summary>The rules, egress then ingress, in table order.</summary>
    public IReadOnlyList<FirewallRule> Rules { get; }

    /// <summary>Notes for the header of the output.</summary>
    public IReadOnlyList<string> Remarks { get; }

    /// <summary>
    /// What the user should know before applying the policy, one line each: e.g. that the vendor's
    /// subnets for the region include another region's, or that another rule already opens the
    /// port the manager's subnets were meant to restrict. <c>swp-ports render</c> prints them on
    /// standard error; they are among <see cref="Remarks"/> too.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The version of the requirements spec the rules come from.</summary>
    public static string SpecVersion => SpecInfo.Version;

    /// <summary>
    /// The rules a firewall on <paramref name="component"/> needs for <paramref name="deployment"/>:
    /// an egress rule for each flow the component opens, an ingress rule for each flow it accepts
    /// (from the manager: from the region's subnets), each with the deployment's addresses (a
    /// component with none is any address, said in the rule's remarks). Replies are the dialect's
    /// business (stateful rules). A relay carries every agent flow (the table already says so).
    /// </summary>
    /// <param name="deployment">Conditions, region, changed ports and addresses.</param>
    /// <param name="component">The component whose firewall this is.</param>
    /// <param name="options">Choices; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="component"/> is not declared.</exception>
    public static FirewallPolicy Create(Deployment deployment, Component component, FirewallPolicyOptions? options = null)
    {
        if ((uint)component >= (uint)SwpIds.ComponentIds.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(component), component, "Not a declared component.");
        }

        options ??= new FirewallPolicyOptions();
        // Where each remote component is: the shared model's one rule (given, region subnets, vendor subnets, anywhere).
        bool strict = options.ManagerAddresses == ManagerAddresses.VendorSubnetsStrict;
        Deployments.ResolvedDeployment resolved = deployment.Resolve(managerAtVendorSubnets: options.ManagerAddresses != ManagerAddresses.Any);
        var egress = new List<FirewallRule>();
        var ingress = new List<FirewallRule>();
        var remarks = new List<string>();
        IPv4Network[] local = deployment.AddressesOf(component).ToArray();
        if (local.Length == 0)
        {
            remarks.Add($"{component.ToId()} has no addresses in the deployment: rules match any local address.");
        }

        var flows = new List<Flow>();
        if (options.IncludeReplacedFlows)
        {
            // The table in the same order, with the deployment's ports; what replaces a flow is not asked.
            flows.AddRange(deployment.FlowTableWithPorts.Where(f => Deployments.SpecFacts.IsRequired((uint)f.Conditions, 0, (uint)deployment.Conditions)));
        }
        else
        {
            foreach (Flow flow in deployment.Flows)
            {
                flows.Add(flow);
            }
        }

        foreach (Flow flow in flows)
        {
            if (flow.Source != component && flow.Destination != component)
            {
                continue;
            }

            if (options.ExcludedFlows.Any(e => e.Flow == flow))
            {
                remarks.Add($"Excluded: {flow} ({options.ExcludedFlows.First(e => e.Flow == flow).Reason})");
                continue;
            }

            // A flow between two machines of the same component (relay to relay) is both.
            if (flow.Source == component)
            {
                egress.Add(Rule(deployment, resolved, flow, local, isEgress: true, strict));
            }

            // A host-local flow (a relay's agent to its own relay on 4123) crosses loopback both ways.
            if (flow.Destination == component || (flow.IsHostLocal && flow.Source == component))
            {
                ingress.Add(Rule(deployment, resolved, flow, local, isEgress: false, strict));
            }
        }

        List<string> warnings = WarningsOf(resolved, egress, strict);
        remarks.AddRange(warnings);
        return new FirewallPolicy(component, [.. egress, .. ingress], remarks, warnings);
    }

    /// <summary>
    /// What the user should know before applying egress rules that restrict the manager to the
    /// vendor's subnets: which of them are another region's (the strict reading leaves those out),
    /// and which other rule already opens the same port to any address.
    /// </summary>
    private static List<string> WarningsOf(Deployments.ResolvedDeployment resolved, List<FirewallRule> egress, bool strict)
    {
        var warnings = new List<string>();
        int manager = resolved.Spec.Manager;
        if (manager < 0 || resolved.OriginOf(manager, asSource: false) != Deployments.AddressOrigin.VendorSubnets)
        {
            return warnings;
        }

        string region = resolved.Spec.RegionIds[resolved.Region];
        var foreign = new List<string>();
        foreach ((uint Network, int PrefixLength) cidr in resolved.Spec.VendorSubnets(resolved.Region))
        {
            if (resolved.Spec.OtherRegionOf(cidr, resolved.Region) is int other and >= 0)
            {
                foreign.Add($"{new IPv4Network(cidr.Network, cidr.PrefixLength)} ({resolved.Spec.RegionIds[other]})");
            }
        }

        if (foreign.Count > 0)
        {
            warnings.Add(strict
                ? $"The vendor's pages for {region} also tie names to another region's manager subnets, {string.Join(", ", foreign)}: left out (the strict reading); a name of {region}'s that resolves there is blocked."
                : $"The vendor's pages for {region} tie some of its names to another region's manager subnets, {string.Join(", ", foreign)}: allowed too; --manager-addresses vendor-strict leaves them out.");
        }

        foreach (FirewallRule restricted in egress.Where(r => (int)r.Flow.Destination == manager && r.RemoteAddresses.Count > 0))
        {
            FirewallRule? open = egress.FirstOrDefault(r => r.RemoteAddresses.Count == 0 && r.Flow.Port == restricted.Flow.Port && r.Flow.IPProtocol == restricted.Flow.IPProtocol && !r.Flow.IsHostLocal);
            if (open is not null)
            {
                warnings.Add($"{open.Name} allows {open.Flow.Port.ToString(CultureInfo.InvariantCulture)}/{open.Flow.IPProtocol.ToId()} to any address, so limiting {restricted.Name} to the vendor's subnets does not narrow what this host may reach on that port.");
            }
        }

        return warnings;
    }

    private static FirewallRule Rule(Deployment deployment, Deployments.ResolvedDeployment resolved, Flow flow, IPv4Network[] local, bool isEgress, bool strict)
    {
        Component remote = isEgress ? flow.Destination : flow.Source;
        var remarks = new List<string>();
        IPv4Network[] remoteAddresses = flow.IsHostLocal ? [] : RemoteAddresses(deployment, resolved, remote, isEgress, strict, remarks);
        string[] domains = isEgress && (int)remote == resolved.Spec.Manager ? DomainNames(deployment) : [];
        if (domains.Length > 0)
        {
            // The spec's note no-component-ties: the pages list names per region, not per component.
            remarks.Add($"domain names: every name the vendor lists for {(deployment.Region is { } r ? r.ToId() : "all regions")} (its pages do not say which belong to {remote.ToId()}).");
        }

        string name = FormattableString.Invariant($"swp-{(isEgress ? "egress" : "ingress")}-{flow.IPProtocol.ToId()}-{flow.Port}-{remote.ToId()}");
        string description = $"{flow.Source.ToId()} -> {flow.Destination.ToId()} {flow.Port.ToString(CultureInfo.InvariantCulture)}/{flow.IPProtocol.ToId()} {flow.ApplicationProtocol.ToId()}";
        return new FirewallRule(name, isEgress ? RuleDirection.Egress : RuleDirection.Ingress, flow, flow.IsHostLocal ? [] : local, remoteAddresses, domains, description, remarks);
    }

    private static IPv4Network[] RemoteAddresses(Deployment deployment, Deployments.ResolvedDeployment resolved, Component remote, bool isEgress, bool strict, List<string> remarks)
    {
        switch (resolved.OriginOf((int)remote, asSource: !isEgress))
        {
            case Deployments.AddressOrigin.Given:
                return deployment.AddressesOf(remote).ToArray(); // as the user gave them
            case Deployments.AddressOrigin.RegionSubnets:
                // The connections the manager starts come from its region's subnets.
                return Regions.Subnets(deployment.Region!.Value).ToArray();
            case Deployments.AddressOrigin.VendorSubnets:
                remarks.Add($"{remote.ToId()}: the subnets the vendor ties to its domain names in {deployment.Region!.Value.ToId()}{(strict ? ", but another region's" : "")}.");
                return [.. resolved.Spec.VendorSubnets((int)deployment.Region!.Value, strict).Select(n => new IPv4Network(n.Network, n.PrefixLength))];
        }

        if ((int)remote != resolved.Spec.Manager)
        {
            remarks.Add($"{remote.ToId()} has no addresses in the deployment: any address.");
        }
        else if (!isEgress)
        {
            remarks.Add($"No region: {remote.ToId()}'s source subnets are unknown, so any address is allowed; give the region.");
        }
        else
        {
            // True of every dialect: those that match names (nftables sets, squid) reach it by them;
            // those that match only addresses allow any destination on this port, and say so.
            remarks.Add($"{remote.ToId()}'s addresses are dynamic: reach it by its domain names (a firewall that matches only addresses allows any destination on this port).");
        }

        return [];
    }

    private static string[] DomainNames(Deployment deployment) =>
        deployment.Region is { } region
            ? Domains.For(region).ToArray().Select(d => d.Name).ToArray()
            : Domains.All.ToArray().Where(d => d.IsForAllRegions).Select(d => d.Name).ToArray();
}

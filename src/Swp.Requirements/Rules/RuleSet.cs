using System;
using System.Collections.Generic;
using Swp.Requirements.Coverage;
using Swp.Requirements.Deployments;

namespace Swp.Requirements;

/// <summary>
/// Firewall rules held in memory, checked against a deployment's required flows with the same
/// coverage engine the build and <c>swp-ports</c> use: a flow is allowed when the rules, in
/// order (first match wins; what no rule matches meets the default), let every one of its
/// packets through: each source address × each destination address, on its port and IP
/// protocol. Rules may split a flow between them (one rule per subnet, per port range, per
/// protocol). Interval arithmetic: a /0 costs what a /32 costs.
/// </summary>
/// <example>
/// <code>
/// var rules = new RuleSet()
///     .Allow(RuleEndpoint.Of(IPv4Network.Parse("10.1.0.0/16")), RuleEndpoint.Any, [PortRange.Of(80), PortRange.Of(443)], IPProtocol.Tcp)
///     .Allow(RuleEndpoint.Of(IPv4Network.Parse("10.2.0.0/16")), RuleEndpoint.Any, [PortRange.Of(80), PortRange.Of(443)], IPProtocol.Tcp);
/// Deployment deployment = Deployment.Baseline.WithAddresses(Component.Agent, IPv4Network.Parse("10.1.0.0/16"), IPv4Network.Parse("10.2.0.0/16"));
/// foreach (FlowCoverage c in rules.Check(deployment))
///     Console.WriteLine(c);
/// </code>
/// </example>
public sealed class RuleSet
{
    private readonly List<Rule> _rules = [];

    /// <summary>The rules, in evaluation order.</summary>
    public IReadOnlyList<Rule> Rules => _rules;

    /// <summary>What happens to packets no rule matches: false (the default) denies them, true allows them.</summary>
    public bool DefaultAllows { get; set; }

    /// <summary>Appends an allow rule.</summary>
    /// <param name="source">The source.</param>
    /// <param name="destination">The destination.</param>
    /// <param name="ports">The destination ports.</param>
    /// <param name="ipProtocol">TCP or UDP; null for both (as a deployment file's "any").</param>
    /// <returns>This rule set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ports"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="ports"/> is empty.</exception>
    public RuleSet Allow(RuleEndpoint source, RuleEndpoint destination, IEnumerable<PortRange> ports, IPProtocol? ipProtocol) =>
        Add(true, [source], [destination], ports, ipProtocol);

    /// <summary>Appends an allow rule with several sources and destinations (any of each).</summary>
    /// <returns>This rule set.</returns>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">A list is empty.</exception>
    public RuleSet Allow(IEnumerable<RuleEndpoint> sources, IEnumerable<RuleEndpoint> destinations, IEnumerable<PortRange> ports, IPProtocol? ipProtocol) =>
        Add(true, sources, destinations, ports, ipProtocol);

    /// <summary>Appends a deny rule: the packets it matches are blocked, whatever later rules say.</summary>
    /// <returns>This rule set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ports"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="ports"/> is empty.</exception>
    public RuleSet Deny(RuleEndpoint source, RuleEndpoint destination, IEnumerable<PortRange> ports, IPProtocol? ipProtocol) =>
        Add(false, [source], [destination], ports, ipProtocol);

    /// <summary>Checks every network flow <paramref name="deployment"/> requires, in table order.</summary>
    /// <returns>One result per required flow.</returns>
    public IReadOnlyList<FlowCoverage> Check(Deployment deployment)
    {
        ResolvedDeployment resolved = deployment.Resolve();
        var coverageRules = new CoverageRule[_rules.Count];
        for (int i = 0; i < _rules.Count; i++)
        {
            coverageRules[i] = ToCoverageRule(resolved, _rules[i], i);
        }

        var chain = new RuleChain("rules", coverageRules);
        var results = new List<FlowCoverage>();
        foreach (FlowCheck check in DeploymentCoverage.Check(resolved, chain, DefaultAllows))
        {
            Flow flow = FlowTable.BySource[check.Flow.Index].WithPort(check.Flow.Port);
            CoverageStatus status = check.Status switch
            {
                FlowStatus.Allowed => CoverageStatus.Allowed,
                FlowStatus.PartlyAllowed => CoverageStatus.PartlyAllowed,
                FlowStatus.WrongIPProtocol => CoverageStatus.WrongIPProtocol,
                FlowStatus.HostOnly => CoverageStatus.HostOnly,
                _ => CoverageStatus.Blocked,
            };
            results.Add(new FlowCoverage(flow, status, check.Remainder, check.RuleId));
        }

        return results;
    }

    private RuleSet Add(bool allows, IEnumerable<RuleEndpoint> sources, IEnumerable<RuleEndpoint> destinations, IEnumerable<PortRange> ports, IPProtocol? ipProtocol)
    {
        _rules.Add(new Rule(allows, Rule.Copy(sources, nameof(sources)), Rule.Copy(destinations, nameof(destinations)), Rule.Copy(ports, nameof(ports)), ipProtocol));
        return this;
    }

    private static CoverageRule ToCoverageRule(ResolvedDeployment deployment, Rule rule, int id)
    {
        var ports = new List<(ulong, ulong)>();
        foreach (PortRange p in rule.Ports)
        {
            ports.Add(((ulong)p.First, (ulong)p.Last));
        }

        IntervalSet protocols = rule.IPProtocol is { } ip ? IntervalSet.Single((ulong)ip) : PacketBox.AllProtocols;
        var match = new PacketBox(Addresses(deployment, rule.Sources, asSource: true), Addresses(deployment, rule.Destinations, asSource: false), IntervalSet.FromIntervals(ports), protocols);
        return new CoverageRule(match, rule.Allows ? RuleAction.Permit : RuleAction.Deny, id);
    }

    private static IntervalSet Addresses(ResolvedDeployment deployment, IReadOnlyList<RuleEndpoint> endpoints, bool asSource)
    {
        IntervalSet set = IntervalSet.Empty;
        foreach (RuleEndpoint e in endpoints)
        {
            set = set.Union(deployment.AddressesOf(
                e.IsAny ? Endpoint.Any
                : e.Component is { } c ? Endpoint.OfComponent((int)c)
                : e.Network is { } n ? Endpoint.OfNetwork(n.FirstAddress, n.PrefixLength)
                : Endpoint.OfDomainName(e.DomainName!),
                asSource));
        }

        return set;
    }
}

using System.Collections.Generic;
using System.Linq;
using Swp.Requirements.Firewalls;

namespace Swp.Requirements.Tests.Coverage;

/// <summary>The public coverage API: expectations written by hand for small rule sets.</summary>
public class RuleSetTests
{
    private static readonly IPv4Network Ten1 = IPv4Network.Parse("10.1.0.0/16");
    private static readonly IPv4Network Ten2 = IPv4Network.Parse("10.2.0.0/16");
    private static readonly PortRange[] Web = [PortRange.Of(80), PortRange.Of(443)];

    private static Deployment TwoAgentSubnets => Deployment.Baseline.WithAddresses(Component.Agent, Ten1, Ten2);

    private static FlowCoverage Find(IReadOnlyList<FlowCoverage> results, Component source, Component destination, int port) =>
        results.Single(r => r.Flow.Source == source && r.Flow.Destination == destination && r.Flow.Port == port);

    [Fact]
    public void One_rule_per_subnet_allows_the_flow()
    {
        RuleSet rules = new RuleSet()
            .Allow(RuleEndpoint.Of(Ten1), RuleEndpoint.Any, Web, IPProtocol.Tcp)
            .Allow(RuleEndpoint.Of(Ten2), RuleEndpoint.Any, Web, IPProtocol.Tcp);

        IReadOnlyList<FlowCoverage> results = rules.Check(TwoAgentSubnets);

        Assert.Equal(CoverageStatus.Allowed, Find(results, Component.Agent, Component.ServerWorkloadProtection, 443).Status);
        Assert.Equal(CoverageStatus.Allowed, Find(results, Component.Agent, Component.SmartProtectionNetwork, 80).Status);
    }

    [Fact]
    public void Dropping_one_subnet_rule_names_the_subnet_left_uncovered()
    {
        RuleSet rules = new RuleSet().Allow(RuleEndpoint.Of(Ten1), RuleEndpoint.Any, Web, IPProtocol.Tcp);

        FlowCoverage result = Find(rules.Check(TwoAgentSubnets), Component.Agent, Component.ServerWorkloadProtection, 443);

        Assert.Equal(CoverageStatus.PartlyAllowed, result.Status);
        Assert.Equal("from 10.2.0.0/16 to server-workload-protection (its dynamic addresses)", result.NotAllowed);
    }

    [Fact]
    public void A_udp_rule_for_a_tcp_flow_is_the_wrong_ip_protocol()
    {
        RuleSet rules = new RuleSet().Allow(RuleEndpoint.Of(Component.Agent), RuleEndpoint.Any, [PortRange.Of(443)], IPProtocol.Udp);

        FlowCoverage result = Find(rules.Check(TwoAgentSubnets), Component.Agent, Component.ServerWorkloadProtection, 443);

        Assert.Equal(CoverageStatus.WrongIPProtocol, result.Status);
        Assert.Equal(0, result.RuleIndex);
    }

    [Fact]
    public void A_deny_before_an_allow_wins_for_the_packets_both_match()
    {
        RuleSet rules = new RuleSet()
            .Deny(RuleEndpoint.Of(Ten2), RuleEndpoint.Any, [PortRange.Of(443)], IPProtocol.Tcp)
            .Allow(RuleEndpoint.Any, RuleEndpoint.Any, [PortRange.All], null);

        FlowCoverage result = Find(rules.Check(TwoAgentSubnets), Component.Agent, Component.ServerWorkloadProtection, 443);

        Assert.Equal(CoverageStatus.PartlyAllowed, result.Status);
        Assert.Equal(0, result.RuleIndex);
        Assert.Equal("from 10.2.0.0/16 to server-workload-protection (its dynamic addresses)", result.NotAllowed);
        Assert.Equal(CoverageStatus.Allowed, Find(rules.Check(TwoAgentSubnets), Component.Agent, Component.SmartProtectionNetwork, 80).Status);
    }

    [Fact]
    public void A_component_with_no_addresses_is_covered_only_by_its_name_any_or_a_slash_zero()
    {
        var byNetwork = new RuleSet().Allow(RuleEndpoint.Of(Component.Agent), RuleEndpoint.Of(IPv4Network.Parse("10.0.0.0/8")), [PortRange.Of(53)], IPProtocol.Udp);
        var bySlashZero = new RuleSet().Allow(RuleEndpoint.Of(Component.Agent), RuleEndpoint.Of(IPv4Network.Parse("0.0.0.0/0")), [PortRange.Of(53)], IPProtocol.Udp);

        FlowCoverage blocked = Find(byNetwork.Check(TwoAgentSubnets), Component.Agent, Component.DnsServer, 53);
        Assert.Equal(CoverageStatus.Blocked, blocked.Status);
        Assert.Equal("from 10.1.0.0/16, 10.2.0.0/16 to dns-server (no addresses given)", blocked.NotAllowed);
        Assert.Equal(CoverageStatus.Allowed, Find(bySlashZero.Check(TwoAgentSubnets), Component.Agent, Component.DnsServer, 53).Status);
    }

    [Fact]
    public void The_manager_starts_its_connections_from_every_subnet_of_its_region()
    {
        Deployment germany = new Deployment(Conditions.Bidirectional, Region.Germany).WithAddresses(Component.Agent, Ten1);
        var oneSubnet = new RuleSet().Allow(RuleEndpoint.Of(IPv4Network.Parse("3.69.198.64/27")), RuleEndpoint.Of(Component.Agent), [PortRange.Of(4118)], IPProtocol.Tcp);
        var both = new RuleSet()
            .Allow(RuleEndpoint.Of(IPv4Network.Parse("3.69.198.64/27")), RuleEndpoint.Of(Component.Agent), [PortRange.Of(4118)], IPProtocol.Tcp)
            .Allow(RuleEndpoint.Of(IPv4Network.Parse("18.96.34.160/27")), RuleEndpoint.Of(Component.Agent), [PortRange.Of(4118)], IPProtocol.Tcp);

        FlowCoverage partly = Find(oneSubnet.Check(germany), Component.ServerWorkloadProtection, Component.Agent, 4118);
        Assert.Equal("from 18.96.34.160/27 to 10.1.0.0/16", partly.NotAllowed);
        Assert.Equal(CoverageStatus.Allowed, Find(both.Check(germany), Component.ServerWorkloadProtection, Component.Agent, 4118).Status);
    }

    [Fact]
    public void A_domain_name_destination_holds_the_manager_and_nothing_else()
    {
        var rules = new RuleSet().Allow(RuleEndpoint.Any, RuleEndpoint.OfDomainName("workload.de-1.cloudone.trendmicro.com"), [PortRange.Of(443)], IPProtocol.Tcp);

        IReadOnlyList<FlowCoverage> results = rules.Check(TwoAgentSubnets);

        Assert.Equal(CoverageStatus.Allowed, Find(results, Component.Agent, Component.ServerWorkloadProtection, 443).Status);
        Assert.Equal(CoverageStatus.Blocked, Find(results, Component.Agent, Component.SmartProtectionNetwork, 443).Status);
    }

    [Theory]
    // Not a vendor name at all; a vendor name of another region (Germany's, for a US deployment);
    // a wildcard over no vendor name. None holds the manager, as in deployment files (SWP1025).
    [InlineData("example.com")]
    [InlineData("workload.de-1.cloudone.trendmicro.com")]
    [InlineData("*.example.com")]
    public void A_domain_name_that_is_not_the_vendors_for_the_region_holds_no_component(string name)
    {
        var rules = new RuleSet().Allow(RuleEndpoint.Any, RuleEndpoint.OfDomainName(name), [PortRange.Of(443)], IPProtocol.Tcp);

        IReadOnlyList<FlowCoverage> results = rules.Check(new Deployment(Conditions.None, Region.Usa));

        Assert.Equal(CoverageStatus.Blocked, Find(results, Component.Agent, Component.ServerWorkloadProtection, 443).Status);
    }

    [Fact]
    public void Host_local_flows_are_not_network_rules()
    {
        var rules = new RuleSet { DefaultAllows = true };

        FlowCoverage loopback = rules.Check(new Deployment(Conditions.Relays | Conditions.RelayLocalhostPort)).Single(r => r.Flow.Port == 4123);

        Assert.Equal(CoverageStatus.HostOnly, loopback.Status);
    }

    [Fact]
    public void The_policy_of_a_relay_has_every_agent_flow_as_egress_and_4122_as_ingress()
    {
        Deployment deployment = new Deployment(Conditions.Relays | Conditions.Bidirectional, Region.Japan)
            .WithAddresses(Component.Relay, IPv4Network.Parse("10.9.0.10/32"))
            .WithAddresses(Component.Agent, Ten1);

        FirewallPolicy policy = FirewallPolicy.Create(deployment, Component.Relay);

        FirewallRule fromManager = policy.Rules.Single(r => r.Name == "swp-ingress-tcp-4118-server-workload-protection");
        Assert.Equal(["35.75.131.96/27", "18.99.69.160/27"], fromManager.RemoteAddresses.Select(n => n.ToString()));
        Assert.Equal(["10.9.0.10/32"], fromManager.LocalAddresses.Select(n => n.ToString()));
        FirewallRule fromAgents = policy.Rules.Single(r => r.Name == "swp-ingress-tcp-4122-agent");
        Assert.Equal(["10.1.0.0/16"], fromAgents.RemoteAddresses.Select(n => n.ToString()));
        FirewallRule toManager = policy.Rules.Single(r => r.Name == "swp-egress-tcp-443-server-workload-protection");
        Assert.Empty(toManager.RemoteAddresses);
        Assert.Contains("workload.jp-1.cloudone.trendmicro.com", toManager.RemoteDomains);

        // True whether the dialect matches names (nftables sets, squid) or only addresses (which say "any" themselves).
        Assert.Contains("server-workload-protection's addresses are dynamic: reach it by its domain names (a firewall that matches only addresses allows any destination on this port).", toManager.Remarks);
        Assert.Contains("domain names: every name the vendor lists for japan (its pages do not say which belong to server-workload-protection).", toManager.Remarks);
        Assert.Equal(
            Flows.From(Component.Relay).ToArray().Count(f => deployment.Requires(f)),
            policy.Rules.Count(r => r.Direction == RuleDirection.Egress));
    }
}

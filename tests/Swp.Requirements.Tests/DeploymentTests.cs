using System;
using System.Collections.Generic;
using System.Linq;

namespace Swp.Requirements.Tests;

public class DeploymentTests
{
    /// <summary>The seed rows whose conditions are all among <paramref name="enabled"/>.</summary>
    private static IEnumerable<string> SeedRowsFor(params string[] enabled) =>
        SeedTable.Flows.Where(row => row.Split(',')[4].Split('+', StringSplitOptions.RemoveEmptyEntries).All(enabled.Contains));

    private static List<Flow> Enumerate(Deployment deployment)
    {
        var flows = new List<Flow>();
        foreach (Flow flow in deployment.Flows)
        {
            flows.Add(flow);
        }

        return flows;
    }

    [Fact]
    public void Baseline_is_the_seed_rows_without_conditions()
    {
        string[] flows = Enumerate(Deployment.Baseline).Select(TableTests.Key).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(SeedRowsFor().Order(StringComparer.Ordinal), flows);
        Assert.Equal(8, flows.Length); // administrator: DNS, NTP, manager; agent: DNS, NTP, manager, Smart Protection Network 80 and 443
        Assert.Equal(8, Deployment.Baseline.Flows.Count());
    }

    [Fact]
    public void Relays_and_siem_is_exactly_what_that_deployment_needs()
    {
        var deployment = new Deployment(Conditions.Relays | Conditions.Siem);
        string[] flows = Enumerate(deployment).Select(TableTests.Key).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(SeedRowsFor("relays", "siem").Order(StringComparer.Ordinal), flows);
        Assert.DoesNotContain(flows, f => f.Contains("4118", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_condition_gives_every_flow_but_the_ones_a_condition_replaces()
    {
        // By hand from the page: a web proxy replaces the agents' and relays' direct 443 to the manager.
        Assert.Equal(Flows.All.Length - SeedTable.ReplacedByProxy.Length, new Deployment(Conditions.All).Flows.Count());
        Assert.Equal(Flows.All.Length - SeedTable.ProxyFlows.Length, new Deployment(Conditions.All & ~Conditions.WebProxy).Flows.Count());
    }

    [Fact]
    public void A_port_override_replaces_the_default_port_for_that_destination_only()
    {
        Deployment proxy = Deployment.Baseline.WithPort(Component.ServerWorkloadProtection, 443, 1443);
        List<Flow> flows = Enumerate(proxy);

        Assert.All(flows.Where(f => f.Destination == Component.ServerWorkloadProtection), f => Assert.Equal(1443, f.Port));
        Assert.Contains(flows, f => f.Destination == Component.SmartProtectionNetwork && f.Port == 443);
        Assert.Equal(Enumerate(Deployment.Baseline).Count, flows.Count);
        Assert.Equal(1443, proxy.WithPort(Component.ServerWorkloadProtection, 443, 8443).WithPort(Component.ServerWorkloadProtection, 443, 1443).PortOverrides.ToArray().Single().Port);
        Assert.Throws<ArgumentOutOfRangeException>(() => Deployment.Baseline.WithPort(Component.Agent, 4118, 70000));
    }

    [Fact]
    public void Region_gives_the_manager_subnets()
    {
        var deployment = new Deployment(Conditions.Bidirectional, Region.Germany);

        Assert.Equal(["3.69.198.64/27", "18.96.34.160/27"], deployment.ManagerSubnets.ToArray().Select(n => n.ToString()));
        Assert.True(Deployment.Baseline.ManagerSubnets.IsEmpty);
        Assert.Equal(Region.Uk, deployment.WithRegion(Region.Uk).Region);
    }

    [Fact]
    public void Deployments_are_values()
    {
        Deployment a = new Deployment(Conditions.Siem).WithConditions(Conditions.Relays).WithPort(Component.ServerWorkloadProtection, 443, 1443);
        Deployment b = new Deployment(Conditions.Relays | Conditions.Siem).WithPort(Component.ServerWorkloadProtection, 443, 1443);

        Assert.Equal(a, b);
        Assert.NotEqual(a, b.WithRegion(Region.Japan));
        Assert.Equal("conditions=relays+siem region=(none) ports=server-workload-protection:443=1443", a.ToString());
    }
}

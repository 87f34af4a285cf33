using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// A <c>firewalls</c> entry can say what the export alone cannot: the Azure virtual network's
/// address space (<c>vnet</c>, what the VirtualNetwork service tag holds) and the AWS security groups
/// attached to the component's machines (<c>groups</c>), as <c>swp-ports audit --vnet</c> and <c>--group</c> do.
/// </summary>
public class FirewallEntryTests
{
    // Relays accept 4122 from agents; the NSG allows it from the VirtualNetwork tag only.
    private const string Nsg = """
        {"securityRules": [
          {"name": "AllowAgents", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
           "sourceAddressPrefix": "VirtualNetwork", "destinationAddressPrefix": "*", "destinationPortRange": "4122"}
        ]}
        """;

    private static string Deployment(string entry) => """
        {
          "region": "germany",
          "conditions": ["relays"],
          "addresses": { "agent": "10.1.0.0/16", "relay": "10.1.5.10" },
          "firewalls": [
            { "path": "relay-nsg.json", "format": "azure", "for": "relay"ENTRY }
          ]
        }

        """.Replace("ENTRY", entry, StringComparison.Ordinal);

    private static (GeneratorRun Run, string Export) Audit(string entry)
    {
        string export = DeploymentHarness.PathOf("deploy/relay-nsg.json");
        GeneratorRun run = DeploymentHarness.Run((DeploymentHarness.ProdPath, Deployment(entry)), (export, Nsg));
        DeploymentFaults.AssertRanCleanly(run);
        return (run, export);
    }

    private static string Agents(GeneratorRun run, string export) =>
        string.Join("\n", run.Diagnostics.Where(d => d.Location.GetLineSpan().Path == export && DeploymentFaults.Message(d).Contains("agent -> relay 4122/tcp", StringComparison.Ordinal)).Select(d => d.Id));

    [Fact]
    public void Without_the_virtual_network_a_rule_from_it_is_not_evaluated()
    {
        (GeneratorRun run, string export) = Audit("");
        Assert.Equal("SWP2003", Agents(run, export));
    }

    [Fact]
    public void With_the_virtual_network_the_rule_from_it_allows_the_agents_that_are_in_it()
    {
        (GeneratorRun run, string export) = Audit(", \"vnet\": [\"10.0.0.0/8\"]");
        Assert.Equal("", Agents(run, export));
        Assert.DoesNotContain(run.Diagnostics, d => d.Location.GetLineSpan().Path == export && DeploymentFaults.Message(d).Contains("service tag VirtualNetwork", StringComparison.Ordinal));
    }

    [Fact]
    public void A_virtual_network_that_misses_some_agents_lets_part_of_the_flow_through()
    {
        (GeneratorRun run, string export) = Audit(", \"vnet\": [\"10.1.0.0/17\"]");
        Assert.Equal("SWP2002", Agents(run, export));
    }

    [Fact]
    public void Groups_on_an_export_that_is_not_aws_is_an_error_at_the_groups()
    {
        (GeneratorRun run, _) = Audit(", \"groups\": [\"sg-0a1b2c3d\"]");
        Diagnostic error = Assert.Single(run.Diagnostics, d => d.Id == "SWP1009");
        Assert.Equal("'sg-0a1b2c3d' is not a valid value for 'groups': expected nothing: \"groups\" selects AWS security groups, and this export is azure", DeploymentFaults.Message(error));
    }
}

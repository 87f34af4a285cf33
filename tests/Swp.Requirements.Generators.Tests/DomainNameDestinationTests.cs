using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// A domain-name destination holds the manager only when it is one of the vendor's names for the
/// deployment's region (or a wildcard that covers one): the names below are the vendor's pages'
/// ("Firewall exceptions", Germany and the United Kingdom blocks), written here by hand.
/// </summary>
public class DomainNameDestinationTests
{
    private const string Agent = """
        {
          "region": "germany",
          "scope": ["agent"],
          "allow": [
            { "source": "agent", "destination": ["dns-server", "ntp-server"], "ports": [53, 123], "protocol": "udp" },
            { "source": "agent", "destination": "smart-protection-network", "ports": [80, 443], "protocol": "tcp" },
            { "source": "agent", "destination": ‸"NAME", "ports": [443], "protocol": "tcp" }
          ]
        }

        """;

    private static GeneratorRun Run(string name) =>
        DeploymentFaults.Run(Marked.Parse(Agent.Replace("NAME", name, StringComparison.Ordinal)));

    [Theory]
    [InlineData("workload.de-1.cloudone.trendmicro.com")]
    [InlineData("WORKLOAD.DE-1.CLOUDONE.TRENDMICRO.COM")]
    [InlineData("agents-001.workload.gb-1.cloudone.trendmicro.com")]
    [InlineData("*.workload.de-1.cloudone.trendmicro.com")]
    public void One_of_the_vendors_names_for_the_region_or_a_wildcard_over_one_reaches_the_manager(string name)
    {
        DeploymentFaults.AssertClean(Run(name));
    }

    [Theory]
    [InlineData("example.com", "")]
    [InlineData("agents.workload.gb-1.cloudone.trendmicro.com", "; did you mean 'agents.workload.de-1.cloudone.trendmicro.com'?")]
    [InlineData("workload.de-1.cloudone.trendmicro.co", "; did you mean 'workload.de-1.cloudone.trendmicro.com'?")]
    [InlineData("*.example.com", "")]
    public void Any_other_name_reaches_no_component_so_the_managers_flow_is_not_allowed(string name, string suggestion)
    {
        Marked file = Marked.Parse(Agent.Replace("NAME", name, StringComparison.Ordinal));
        GeneratorRun run = DeploymentFaults.Run(file);
        Diagnostic warning = Assert.Single(run.Diagnostics, d => d.Id == "SWP1025");
        DeploymentFaults.AssertAt(
            warning,
            file,
            file.Offset,
            "SWP1025",
            $"'{name}' is not one of the vendor's domain names for germany, so this destination reaches no component of the deployment{suggestion}",
            DiagnosticSeverity.Warning);
        Diagnostic missing = Assert.Single(run.Diagnostics, d => d.Id == "SWP1010");
        Assert.StartsWith("Required flow agent -> server-workload-protection 443/tcp (https) is not allowed by any rule", DeploymentFaults.Message(missing), StringComparison.Ordinal);
        Assert.Equal(["SWP1010", "SWP1025"], DeploymentFaults.FindingIds(run).Order().ToArray());
    }
}

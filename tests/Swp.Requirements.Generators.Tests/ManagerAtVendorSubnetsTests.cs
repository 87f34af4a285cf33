using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// <c>"server-workload-protection": "vendor"</c> in a deployment file puts the manager, as a
/// destination, at the subnets the vendor's pages tie to the region's domain names (for Germany
/// its own two and, through the gb-1 names listed in its block, the UK's two; written by hand).
/// </summary>
public class ManagerAtVendorSubnetsTests
{
    private const string File = """
        {
          "region": "germany",
          "scope": ["agent"],
          "addresses": { ‸"COMPONENT": "vendor" },
          "allow": [
            { "source": "agent", "destination": ["dns-server", "ntp-server"], "ports": [53, 123], "protocol": "udp" },
            { "source": "agent", "destination": "smart-protection-network", "ports": [80, 443], "protocol": "tcp" },
            { "source": "agent", "destination": ["3.69.198.64/27", "18.96.34.160/27", "18.98.162.128/27", "18.169.230.160/27"], "ports": [443], "protocol": "tcp" }
          ]
        }

        """;

    [Fact]
    public void A_rule_to_the_vendors_subnets_allows_the_flow_to_a_manager_placed_there()
    {
        DeploymentFaults.AssertClean(DeploymentFaults.Run(Marked.Parse(File.Replace("COMPONENT", "server-workload-protection", StringComparison.Ordinal).Replace("‸", "", StringComparison.Ordinal))));
    }

    [Fact]
    public void Without_vendor_the_manager_may_be_anywhere_and_the_same_rule_does_not_allow_it()
    {
        string text = File.Replace("{ ‸\"COMPONENT\": \"vendor\" }", "{}", StringComparison.Ordinal);
        GeneratorRun run = DeploymentFaults.Run(Marked.Parse(text));
        Assert.Equal(["SWP1010"], DeploymentFaults.FindingIds(run));
        Assert.StartsWith("Required flow agent -> server-workload-protection 443/tcp (https) is not allowed by any rule", DeploymentFaults.Message(DeploymentFaults.Findings(run)[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void Vendor_places_only_the_manager()
    {
        Marked file = Marked.Parse(File.Replace("‸\"COMPONENT\": \"vendor\"", "\"agent\": ‸\"vendor\"", StringComparison.Ordinal));
        GeneratorRun run = DeploymentFaults.Run(file);
        Diagnostic error = Assert.Single(run.Diagnostics, d => d.Id == "SWP1009");
        DeploymentFaults.AssertAt(error, file, file.Offset, "SWP1009", "'vendor' is not a valid value for 'addresses of agent': expected IPv4 CIDRs or addresses ('vendor' places only server-workload-protection)");
    }

    [Fact]
    public void Vendor_needs_a_region()
    {
        Marked file = Marked.Parse(File
            .Replace("\"region\": \"germany\",\n", "", StringComparison.Ordinal)
            .Replace("‸\"COMPONENT\": \"vendor\"", "\"server-workload-protection\": ‸\"vendor\"", StringComparison.Ordinal));
        GeneratorRun run = DeploymentFaults.Run(file);
        Diagnostic error = Assert.Single(run.Diagnostics, d => d.Id == "SWP1009");
        DeploymentFaults.AssertAt(error, file, file.Offset, "SWP1009", "'vendor' is not a valid value for 'addresses of server-workload-protection': expected IPv4 CIDRs, or \"vendor\" with a \"region\" (the vendor's subnets are per region)");
    }
}

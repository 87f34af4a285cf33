using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>
/// The policies <see cref="FirewallPolicy.Create"/> builds (every component, a few deployments),
/// rendered in every dialect and read by the tools: what the renderers meet in practice, beside
/// the hand-built golden cases.
/// </summary>
public class BuilderPolicyTests
{
    private static readonly Deployment Full = Deployment.Baseline
        .WithConditions(Conditions.All)
        .WithRegion(Region.Germany)
        .WithAddresses(Component.Agent, IPv4Network.Parse("10.10.0.0/16"), IPv4Network.Parse("10.11.0.0/16"))
        .WithAddresses(Component.Relay, IPv4Network.Parse("10.20.0.0/24"))
        .WithAddresses(Component.DnsServer, IPv4Network.Parse("10.0.0.2/32"), IPv4Network.Parse("10.0.0.3/32"))
        .WithAddresses(Component.SiemSyslogServer, IPv4Network.Parse("10.5.5.5/32"))
        .WithAddresses(Component.Vcenter, IPv4Network.Parse("10.1.2.3/32"));

    /// <summary>(name, deployment, options): the baseline without a region, everything in Germany, and the USA with the vendor's subnets for the manager.</summary>
    private static IEnumerable<(string Name, Deployment Deployment, FirewallPolicyOptions? Options)> Deployments()
    {
        yield return ("baseline", Deployment.Baseline, null);
        yield return ("germany-all", Full, null);
        yield return ("usa-vendor-subnets", Full.WithRegion(Region.Usa), new FirewallPolicyOptions { ManagerAddresses = ManagerAddresses.VendorSubnets });
    }

    private static IEnumerable<(string Name, FirewallPolicy Policy)> Policies() =>
        from d in Deployments()
        from component in Enum.GetValues<Component>()
        select ($"{d.Name}-{component.ToId()}", FirewallPolicy.Create(d.Deployment, component, d.Options));

    [Fact]
    public void EveryBuiltPolicyRendersInEveryDialectAndTheInProcessParsersReadIt()
    {
        int rules = 0;
        foreach ((string name, FirewallPolicy policy) in Policies())
        {
            rules += policy.Rules.Count;
            foreach (FirewallRenderer renderer in FirewallRenderers.All)
            {
                string output = renderer.Render(policy);
                Assert.EndsWith("\n", output, StringComparison.Ordinal);
                Assert.Equal(output, renderer.Render(policy));
            }

            ExternalTools.PowerShellParse(new WindowsFirewallRenderer().Render(policy)).EnsureOk();
            JsonDocument.Parse(new AwsCloudFormationRenderer().Render(policy)).Dispose();
            JsonDocument.Parse(new AzureArmRenderer().Render(policy)).Dispose();
            _ = name;
        }

        Assert.True(rules > 100, $"only {rules} rules in all built policies");
    }

    /// <summary>A sample (the tools take about a second per file each; the test above renders them all).</summary>
    private static readonly string[] s_sample =
    [
        "baseline-agent", "germany-all-agent", "germany-all-relay", "germany-all-data-center-gateway", "germany-all-service-gateway",
        "germany-all-siem-syslog-server", "germany-all-server-workload-protection", "usa-vendor-subnets-agent", "usa-vendor-subnets-relay",
    ];

    private static List<(string Name, FirewallPolicy Policy)> Sample()
    {
        List<(string Name, FirewallPolicy Policy)> sample = [.. Policies().Where(p => s_sample.Contains(p.Name))];
        Assert.Equal(s_sample.Length, sample.Count);
        return sample;
    }

    // One test per tool, each over the whole sample: every built policy is read by each tool.

    [SkippableFact]
    public void EveryBuiltPolicyIsReadByIptablesRestore()
    {
        foreach ((string _, FirewallPolicy policy) in Sample())
        {
            ExternalTools.IptablesRestoreTest(new IptablesRenderer().Render(policy)).EnsureOk();
        }
    }

    [SkippableFact]
    public void EveryBuiltPolicyIsReadByNft()
    {
        foreach ((string _, FirewallPolicy policy) in Sample())
        {
            ExternalTools.NftCheck(new NftablesRenderer().Render(policy)).EnsureOk();
        }
    }

    [SkippableFact]
    public void EveryBuiltPolicyIsReadBySquid()
    {
        foreach ((string _, FirewallPolicy policy) in Sample())
        {
            ExternalTools.SquidParse(new SquidRenderer().Render(policy)).EnsureOk();
        }
    }

    [SkippableFact]
    public void EveryBuiltPolicyIsReadByCfnLint()
    {
        var templates = new List<string>();
        foreach ((string name, FirewallPolicy policy) in Sample())
        {
            string template = new AwsCloudFormationRenderer().Render(policy);
            ExternalTools.CfnLint(template).EnsureOk();
            if (name is "germany-all-agent" or "germany-all-relay" or "usa-vendor-subnets-relay")
            {
                templates.Add(template); // AWS's cfn-lint takes seconds per template: three of them
            }
        }

        AwsCfnLint.CheckIfInstalled([.. templates]);
    }

    [SkippableFact]
    public void EveryBuiltPolicyIsReadByHcl2Json()
    {
        foreach ((string _, FirewallPolicy policy) in Sample())
        {
            ExternalTools.Hcl2JsonParse(new TerraformAwsRenderer().Render(policy)).EnsureOk();
        }
    }

    [SkippableFact]
    public void EveryBuiltPolicyIsBuiltByBicep()
    {
        Dictionary<string, string> bicepFiles = Sample().ToDictionary(p => p.Name + ".bicep", p => new AzureBicepRenderer().Render(p.Policy), StringComparer.Ordinal);
        foreach ((string file, ToolResult result) in ExternalTools.BicepBuildAll(bicepFiles))
        {
            Assert.True(result.Ok, $"{file}: {result.Describe()}");
        }
    }
}

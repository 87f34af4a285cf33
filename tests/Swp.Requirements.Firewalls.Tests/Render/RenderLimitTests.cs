using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>The platforms' limits: split where the renderer can, a clear exception where it cannot, and the model's contract checked.</summary>
public class RenderLimitTests
{
    private static readonly Flow Https = Flows.From(Component.Agent).ToArray().First(f => f.Destination == Component.ServerWorkloadProtection && f.Port == 443);
    private static readonly Flow Dns = Flows.From(Component.Agent).ToArray().First(f => f.Destination == Component.DnsServer);
    private static readonly Flow Bidirectional = Flows.To(Component.Agent).ToArray().First(f => f.Source == Component.ServerWorkloadProtection);

    private static IPv4Network[] Networks(int count, int second = 0) =>
        [.. Enumerable.Range(0, count).Select(i => new IPv4Network((uint)((10 << 24) | (second << 16) | (i << 8)), 24))];

    // ------------------------------------------------------------------ registry

    [Fact]
    public void TheRegistryHasEveryFormatOnceInAFixedOrder()
    {
        // The dialects of the first release keep their order; a new dialect may come anywhere.
        string[] first = ["iptables", "nftables", "windows", "aws-cloudformation", "terraform-aws", "azure", "azure-arm", "squid"];
        Assert.Equal(first, FirewallRenderers.Formats.Where(first.Contains));
        Assert.Equal(FirewallRenderers.Formats, FirewallRenderers.All.Select(r => r.Format));
        Assert.Equal(FirewallRenderers.Formats.Count, FirewallRenderers.Formats.Distinct(StringComparer.Ordinal).Count());

        // Every dialect class of the library has its row, and no ID or alias names two dialects.
        Type[] dialects = [.. typeof(FirewallRenderer).Assembly.GetTypes().Where(t => t.IsPublic && !t.IsAbstract && t.IsSubclassOf(typeof(FirewallRenderer)))];
        Assert.Equal(dialects.OrderBy(t => t.Name, StringComparer.Ordinal), FirewallRenderers.All.Select(r => r.GetType()).OrderBy(t => t.Name, StringComparer.Ordinal));
        string[] names = [.. FirewallRenderers.All.SelectMany(r => r.Dialect.Aliases.Prepend(r.Format))];
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        foreach (FirewallRenderer renderer in FirewallRenderers.All)
        {
            foreach (string alias in renderer.Dialect.Aliases)
            {
                Assert.True(FirewallRenderers.TryGet(alias, out FirewallRenderer? byAlias));
                Assert.Same(renderer, byAlias);
            }
        }
        foreach (string format in FirewallRenderers.Formats)
        {
            Assert.True(FirewallRenderers.TryGet(format, out FirewallRenderer? renderer));
            Assert.Equal(format, renderer.Format);
        }

        Assert.False(FirewallRenderers.TryGet("IPTABLES", out FirewallRenderer? none));
        Assert.Null(none);
        Assert.False(FirewallRenderers.TryGet(null, out _));
        Assert.False(FirewallRenderers.TryGet("", out _));
    }

    [Fact]
    public void EveryRendererChecksItsArguments()
    {
        foreach (FirewallRenderer renderer in FirewallRenderers.All)
        {
            Assert.Throws<ArgumentNullException>(() => renderer.Render(null!));
            Assert.Throws<ArgumentNullException>(() => renderer.Render(TestPolicies.AgentBaseline(), null!));
        }
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("pipe|name")]
    [InlineData("")]
    [InlineData("space name")]
    public void EveryRendererRefusesARuleNameOutsideTheModelsContract(string name)
    {
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent).Add(RuleDirection.Egress, Dns, name: name).Build([]);
        foreach (FirewallRenderer renderer in FirewallRenderers.All)
        {
            ArgumentException e = Assert.Throws<ArgumentException>(() => renderer.Render(policy));
            Assert.Contains("Rule name", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("bad/domain.example")]
    [InlineData("-lead.example")]
    [InlineData("a..b")]
    [InlineData("x\ny.example")]
    public void EveryRendererRefusesADomainThatIsNotAHostName(string domain)
    {
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent).Add(RuleDirection.Egress, Https, domains: [domain]).Build([]);
        foreach (FirewallRenderer renderer in FirewallRenderers.All)
        {
            Assert.Throws<ArgumentException>(() => renderer.Render(policy));
        }
    }

    [Fact]
    public void EveryRendererRefusesDefaultNetworksWhichHoldNoAddress()
    {
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent).Add(RuleDirection.Egress, Dns, remote: [default]).Build([]);
        foreach (FirewallRenderer renderer in FirewallRenderers.All)
        {
            Assert.Throws<ArgumentException>(() => renderer.Render(policy));
        }
    }

    // ------------------------------------------------------------------ AWS: 60 rules per direction per group

    [SkippableFact]
    public void AwsSplitsMoreThan60RulesPerDirectionIntoNumberedGroups()
    {
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent)
            .Add(RuleDirection.Egress, Dns, remote: Networks(130))
            .Add(RuleDirection.Ingress, Bidirectional, remote: Networks(61, 1))
            .Build([]);

        string template = new AwsCloudFormationRenderer().Render(policy);
        ExternalTools.CfnLint(template).EnsureOk();
        AwsCfnLint.CheckIfInstalled(template);
        using JsonDocument document = JsonDocument.Parse(template);
        JsonProperty[] groups = [.. document.RootElement.GetProperty("Resources").EnumerateObject()];
        Assert.Equal(["SecurityGroup1", "SecurityGroup2", "SecurityGroup3"], groups.Select(g => g.Name));
        int[] egress = [.. groups.Select(g => g.Value.GetProperty("Properties").GetProperty("SecurityGroupEgress").GetArrayLength())];
        Assert.Equal([60, 60, 10], egress);
        Assert.Equal(["swp-agent-1", "swp-agent-2", "swp-agent-3"],
            groups.Select(g => g.Value.GetProperty("Properties").GetProperty("Tags")[0].GetProperty("Value").GetString()));
        Assert.Equal(60, groups[0].Value.GetProperty("Properties").GetProperty("SecurityGroupIngress").GetArrayLength());
        Assert.Equal(1, groups[1].Value.GetProperty("Properties").GetProperty("SecurityGroupIngress").GetArrayLength());
        Assert.False(groups[2].Value.GetProperty("Properties").TryGetProperty("SecurityGroupIngress", out _));

        string hcl = new TerraformAwsRenderer().Render(policy);
        using JsonDocument tf = JsonDocument.Parse(ExternalTools.Hcl2Json(hcl));
        JsonElement resources = tf.RootElement.GetProperty("resource");
        Assert.Equal(["swp-agent-1", "swp-agent-2", "swp-agent-3"], resources.GetProperty("aws_security_group").EnumerateObject().Select(g => g.Name).Order(StringComparer.Ordinal));
        var perGroup = resources.GetProperty("aws_vpc_security_group_egress_rule").EnumerateObject()
            .GroupBy(r => r.Value[0].GetProperty("security_group_id").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(60, perGroup["${aws_security_group.swp-agent-1.id}"]);
        Assert.Equal(10, perGroup["${aws_security_group.swp-agent-3.id}"]);
    }

    [SkippableFact]
    public void AGroupWithoutOutboundRulesGetsAPlaceholderInsteadOfAwssDefaultAllowAll()
    {
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent)
            .Add(RuleDirection.Ingress, Bidirectional, remote: [IPv4Network.Parse("3.69.198.64/27")])
            .Build([]);
        string template = new AwsCloudFormationRenderer().Render(policy);
        ExternalTools.CfnLint(template).EnsureOk();
        AwsCfnLint.CheckIfInstalled(template);
        using JsonDocument document = JsonDocument.Parse(template);
        JsonElement egress = document.RootElement.GetProperty("Resources").GetProperty("SecurityGroup1").GetProperty("Properties").GetProperty("SecurityGroupEgress");
        Assert.Equal(1, egress.GetArrayLength());
        Assert.Equal("icmp", egress[0].GetProperty("IpProtocol").GetString());
        Assert.Equal("127.0.0.1/32", egress[0].GetProperty("CidrIp").GetString());
    }

    [Fact]
    public void AwsThrowsWhenEvenSixteenGroupsCannotHoldThePolicy()
    {
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent).Add(RuleDirection.Egress, Dns, remote: Networks(17)).Build([]);
        var cfn = new AwsCloudFormationRenderer { RulesPerGroup = 1 };
        var tf = new TerraformAwsRenderer { RulesPerGroup = 1 };
        Assert.Contains("16", Assert.Throws<FirewallLimitException>(() => cfn.Render(policy)).Message, StringComparison.Ordinal);
        Assert.Throws<FirewallLimitException>(() => tf.Render(policy));
        Assert.Equal(16, JsonDocument.Parse(new AwsCloudFormationRenderer { RulesPerGroup = 1 }.Render(
            new TestPolicies.PolicyBuilder(Component.Agent).Add(RuleDirection.Egress, Dns, remote: Networks(16)).Build([]))).RootElement.GetProperty("Resources").EnumerateObject().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AwsCloudFormationRenderer { RulesPerGroup = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TerraformAwsRenderer { RulesPerGroup = 1001 });
    }

    [Fact]
    public void RulesThatMakeTheSameAwsRuleShareIt()
    {
        FirewallPolicy policy = TestPolicies.AgentBaseline();
        using JsonDocument document = JsonDocument.Parse(new AwsCloudFormationRenderer().Render(policy));
        JsonElement egress = document.RootElement.GetProperty("Resources").GetProperty("SecurityGroup1").GetProperty("Properties").GetProperty("SecurityGroupEgress");
        JsonElement https = egress.EnumerateArray().Single(e => e.GetProperty("FromPort").GetInt32() == 443);
        Assert.Equal("swp-egress-tcp-443-server-workload-protection, swp-egress-tcp-443-smart-protection-network", https.GetProperty("Description").GetString());
    }

    // ------------------------------------------------------------------ Azure: priorities, names, 1000 rules

    [SkippableFact]
    public void AzurePrioritiesStepByOneWhenStepsOfTenDoNotFitAndThrowBeyondTheRange()
    {
        FirewallRule[] Many(int count) => [.. Enumerable.Range(0, count).Select(i =>
            new FirewallRule($"swp-r-{i}", RuleDirection.Egress, Dns, [], [IPv4Network.Parse("10.0.0.2/32")], [], "dns", []))];

        string bicep = new AzureBicepRenderer().Render(new FirewallPolicy(Component.Agent, Many(400), []));
        Assert.Contains("priority: 4090\n", bicep, StringComparison.Ordinal);
        string dense = new AzureBicepRenderer().Render(new FirewallPolicy(Component.Agent, Many(401), []));
        Assert.Contains("priority: 500\n", dense, StringComparison.Ordinal);
        Assert.DoesNotContain("priority: 501\n", dense[..dense.IndexOf("priority: 500\n", StringComparison.Ordinal)], StringComparison.Ordinal);
        ExternalTools.BicepBuild(dense).EnsureOk();

        Assert.Throws<FirewallLimitException>(() => new AzureBicepRenderer().Render(new FirewallPolicy(Component.Agent, Many(1001), [])));
        Assert.Throws<FirewallLimitException>(() => new AzureArmRenderer { DropOtherTraffic = true }.Render(new FirewallPolicy(Component.Agent, Many(999), [])));
    }

    [Fact]
    public void AzureShortensLongNamesWithAStableHashAndKeepsThemUnique()
    {
        string longer = "swp-egress-tcp-443-server-workload-protection-with-a-name-longer-than-azure-takes-for-a-security-rule";
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent)
            .Add(RuleDirection.Egress, Https, name: longer)
            .Add(RuleDirection.Egress, Https, name: longer + "-2")
            .Build([]);
        using JsonDocument document = JsonDocument.Parse(new AzureArmRenderer().Render(policy));
        string[] names = [.. document.RootElement.GetProperty("resources")[0].GetProperty("properties").GetProperty("securityRules").EnumerateArray().Select(r => r.GetProperty("name").GetString()!)];
        Assert.All(names, n => Assert.Equal(80, n.Length));
        Assert.All(names, n => Assert.StartsWith(longer[..71] + "-", n, StringComparison.Ordinal));
        Assert.NotEqual(names[0], names[1]);
        Assert.Equal(names, JsonDocument.Parse(new AzureArmRenderer().Render(policy)).RootElement.GetProperty("resources")[0].GetProperty("properties").GetProperty("securityRules").EnumerateArray().Select(r => r.GetProperty("name").GetString()!));
    }

    // ------------------------------------------------------------------ loopback, protocols, Windows group

    [Fact]
    public void CloudDialectsLeaveOutLoopbackRulesAndSaySo()
    {
        FirewallPolicy policy = TestPolicies.RelayBidirectional();
        string[] loopback = [.. policy.Rules.Where(r => r.IsLoopback).Select(r => r.Name)];
        Assert.Equal(2, loopback.Length);
        string[] cloud = [.. FirewallRenderers.All.Where(r => !r.Dialect.RendersLoopbackRules).Select(r => r.Format)];
        Assert.Superset(new HashSet<string> { "aws-cloudformation", "terraform-aws", "azure", "azure-arm" }, new HashSet<string>(cloud));
        foreach (string format in cloud)
        {
            Assert.True(FirewallRenderers.TryGet(format, out FirewallRenderer? renderer));
            string output = renderer.Render(policy);
            using var writer = new System.IO.StringWriter();
            IReadOnlyList<RenderWarning> warnings = renderer.Render(policy, writer);
            Assert.All(loopback, name => Assert.Contains(warnings, w => w.Kind == RenderWarningKind.LeftOut && w.RuleName == name));
            Assert.DoesNotContain("4123", output.Split('\n').Where(l => !l.TrimStart().StartsWith('#') && !l.TrimStart().StartsWith("//", StringComparison.Ordinal) && !l.Contains("swp-", StringComparison.Ordinal)));
            Assert.All(loopback, name => Assert.Contains(name, output, StringComparison.Ordinal));
        }

        Assert.Contains("-o lo -p tcp -m tcp --dport 4123", new IptablesRenderer().Render(policy), StringComparison.Ordinal);
        Assert.Contains("-i lo -p tcp -m tcp --dport 4123", new IptablesRenderer().Render(policy), StringComparison.Ordinal);
        Assert.Contains("oifname \"lo\" meta nfproto ipv4 tcp dport 4123", new NftablesRenderer().Render(policy), StringComparison.Ordinal);
    }

    [Fact]
    public void TcpAndUdpOfOneFlowAreTwoRulesWithTheirOwnNamesInEveryDialect()
    {
        FirewallPolicy policy = TestPolicies.DataCenterGateway();
        Assert.Contains(policy.Rules, r => r.Name == "swp-egress-tcp-389-active-directory");
        Assert.Contains(policy.Rules, r => r.Name == "swp-egress-udp-389-active-directory");
        foreach (FirewallRenderer renderer in FirewallRenderers.All.Where(r => r.Dialect.RendersEveryRule))
        {
            string output = renderer.Render(policy);
            Assert.Contains("swp-egress-tcp-389-active-directory", output, StringComparison.Ordinal);
            Assert.Contains("swp-egress-udp-389-active-directory", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("a|b")]
    [InlineData("rules*")]
    [InlineData("caf\u00e9")]
    public void TheWindowsGroupIsPlainTextWithoutSeparatorsOrWildcards(string group) =>
        Assert.Throws<ArgumentException>(() => new WindowsFirewallRenderer { Group = group });

    [Fact]
    public void TheWindowsGroupNamesTheRulesAndTheCleanUp()
    {
        string script = new WindowsFirewallRenderer { Group = "Trend Micro (SWP)" }.Render(TestPolicies.AgentBaseline());
        ExternalTools.PowerShellParse(script).EnsureOk();
        Assert.Contains("$group = 'Trend Micro (SWP)'", script, StringComparison.Ordinal);
        Assert.Contains("-Group 'Trend Micro (SWP)'", script, StringComparison.Ordinal);
    }
}

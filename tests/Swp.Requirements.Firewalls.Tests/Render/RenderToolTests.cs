using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>
/// Every case of every dialect, read by the real program that reads it (see
/// <see cref="ExternalTools"/>), plus the checks those programs cannot make (Azure's enums, AWS's
/// description characters, Terraform's argument names, Windows names).
/// </summary>
public class RenderToolTests
{
    public static IEnumerable<object[]> Cases() => TestPolicies.Cases.Select(c => new object[] { c });

    private static string Render(FirewallRenderer renderer, string name) => renderer.Render(TestPolicies.Get(name));

    // ------------------------------------------------------------------ iptables

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void IptablesRestoreLoadsEveryCaseWithBothBackends(string name)
    {
        string rules = Render(new IptablesRenderer(), name);
        ExternalTools.IptablesRestoreTest(rules).EnsureOk();
        ExternalTools.IptablesRestoreTest(rules, IpFamily.V4, IptablesBackend.Legacy).EnsureOk();
        ExternalTools.IptablesRestoreTest(Render(new IptablesRenderer { DropOtherTraffic = true }, name)).EnsureOk();
    }

    // ------------------------------------------------------------------ nftables

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void NftChecksEveryCase(string name)
    {
        ExternalTools.NftCheck(Render(new NftablesRenderer(), name)).EnsureOk();
        ExternalTools.NftCheck(Render(new NftablesRenderer { DropOtherTraffic = true }, name)).EnsureOk();
    }

    [SkippableFact]
    public void NftLoadsTheSameFileTwiceInOneNamespace()
    {
        // The flush-safe idiom: loading again replaces the table instead of failing on "exists".
        string ruleset = Render(new NftablesRenderer(), "relay-bidirectional");
        string twice = ruleset + "\n" + ruleset.Replace("#!/usr/sbin/nft -f\n", "", StringComparison.Ordinal);
        string json = ExternalTools.NftLoadAndListJson(twice);
        using JsonDocument document = JsonDocument.Parse(json);
        int tables = document.RootElement.GetProperty("nftables").EnumerateArray().Count(e => e.TryGetProperty("table", out _));
        Assert.Equal(1, tables);
    }

    // ------------------------------------------------------------------ Windows

    [Theory]
    [MemberData(nameof(Cases))]
    public void PowerShellParsesEveryCaseAndEachRuleHasDocumentedParameters(string name)
    {
        FirewallPolicy policy = TestPolicies.Get(name);
        string script = new WindowsFirewallRenderer().Render(policy);
        PowerShellScriptCheck check = ExternalTools.PowerShellParse(script).EnsureOk();

        Assert.Equal(policy.Rules.Count, check.FirewallRules.Count);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach ((NetFirewallRuleCommand command, FirewallRule rule) in check.FirewallRules.Zip(policy.Rules))
        {
            string ruleName = command.Value("Name")!;
            Assert.Equal(rule.Name, ruleName);
            Assert.True(names.Add(ruleName), $"-Name {ruleName} twice");
            Assert.DoesNotContain('|', ruleName);
            Assert.DoesNotContain('|', command.Value("DisplayName")!);
            string expectedDescription = Ascii(rule.Description).Replace('|', '/');
            Assert.Equal(expectedDescription.Length == 0 ? null : expectedDescription, command.Value("Description"));
            Assert.Equal(Ascii(rule.Name + ": " + rule.Description).Replace('|', '/'), command.Value("DisplayName"));
            Assert.Equal(rule.Direction == RuleDirection.Ingress ? "Inbound" : "Outbound", command.Value("Direction"));
            Assert.Equal("Allow", command.Value("Action"));
            Assert.Equal(rule.IPProtocol == IPProtocol.Tcp ? "TCP" : "UDP", command.Value("Protocol"));
            string port = rule.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(port, command.Value(rule.Direction == RuleDirection.Ingress ? "LocalPort" : "RemotePort"));
            Assert.Null(command.Find(rule.Direction == RuleDirection.Ingress ? "RemotePort" : "LocalPort"));
            Assert.Equal(Expected(rule.RemoteAddresses, rule.IsLoopback), command.Find("RemoteAddress")!.Values);
            Assert.Equal(Expected(rule.LocalAddresses, rule.IsLoopback), command.Find("LocalAddress")!.Values);
        }

        // Printable ASCII only, so Windows PowerShell 5.1 reads it the same in any code page.
        Assert.All(script, c => Assert.True(c == '\n' || (c >= ' ' && c <= '~'), $"U+{(int)c:X4} in the script"));

        static string Ascii(string text) => Sanitized.Ascii(text, '?');

        static IEnumerable<string> Expected(IReadOnlyList<IPv4Network> networks, bool loopback) =>
            networks.Count == 0 ? [loopback ? "127.0.0.1" : "Any"] : networks.Select(n => n.ToString());
    }

    // ------------------------------------------------------------------ AWS

    private static readonly Regex AwsDescription = new(@"^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]{0,255}$", RegexOptions.CultureInvariant);

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void CfnLintAcceptsEveryCase(string name)
    {
        FirewallPolicy policy = TestPolicies.Get(name);
        string template = new AwsCloudFormationRenderer().Render(policy);
        ExternalTools.CfnLint(template).EnsureOk();

        using JsonDocument document = JsonDocument.Parse(template);
        var permissions = new List<(string Direction, string Protocol, int Port, string Cidr)>();
        foreach (JsonProperty resource in document.RootElement.GetProperty("Resources").EnumerateObject())
        {
            JsonElement properties = resource.Value.GetProperty("Properties");
            Assert.Matches(AwsDescription, properties.GetProperty("GroupDescription").GetString());
            foreach (string list in new[] { "SecurityGroupIngress", "SecurityGroupEgress" })
            {
                if (!properties.TryGetProperty(list, out JsonElement entries))
                {
                    continue;
                }

                Assert.InRange(entries.GetArrayLength(), 1, 60);
                foreach (JsonElement entry in entries.EnumerateArray())
                {
                    string protocol = entry.GetProperty("IpProtocol").GetString()!;
                    Assert.NotEqual("-1", protocol);
                    Assert.Matches(AwsDescription, entry.GetProperty("Description").GetString());
                    if (protocol == "icmp")
                    {
                        Assert.Equal("127.0.0.1/32", entry.GetProperty("CidrIp").GetString());
                        continue;
                    }

                    Assert.Equal(entry.GetProperty("FromPort").GetInt32(), entry.GetProperty("ToPort").GetInt32());
                    permissions.Add((list, protocol, entry.GetProperty("FromPort").GetInt32(), entry.GetProperty("CidrIp").GetString()!));
                }
            }
        }

        Assert.Equal(permissions.Count, permissions.Distinct().Count());
        AssertEveryNetworkRuleIsAllowed(policy, permissions);
    }

    [Fact]
    public void AwssOwnCfnLintAcceptsEveryCaseWhereItIsInstalled() =>
        AwsCfnLint.CheckIfInstalled([.. TestPolicies.Cases.Select(c => new AwsCloudFormationRenderer().Render(TestPolicies.Get(c)))]);

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Hcl2JsonParsesEveryCaseWithTheProvidersArgumentNames(string name)
    {
        FirewallPolicy policy = TestPolicies.Get(name);
        string json = ExternalTools.Hcl2Json(new TerraformAwsRenderer().Render(policy));
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement resources = document.RootElement.GetProperty("resource");
        string[] ruleArguments = ["cidr_ipv4", "description", "from_port", "ip_protocol", "security_group_id", "to_port"];
        var permissions = new List<(string Direction, string Protocol, int Port, string Cidr)>();
        foreach (JsonProperty type in resources.EnumerateObject())
        {
            foreach (JsonProperty resource in type.Value.EnumerateObject())
            {
                JsonElement body = resource.Value[0];
                if (type.Name == "aws_security_group")
                {
                    Assert.Equal(["description", "name", "tags", "vpc_id"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
                    Assert.Equal("${var.vpc_id}", body.GetProperty("vpc_id").GetString());
                    Assert.Matches(AwsDescription, body.GetProperty("description").GetString());
                    continue;
                }

                Assert.Contains(type.Name, new[] { "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule" });
                Assert.Equal(ruleArguments, body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
                Assert.Matches(AwsDescription, body.GetProperty("description").GetString());
                Assert.Matches(@"^\$\{aws_security_group\.swp-[a-z-]+-\d+\.id\}$", body.GetProperty("security_group_id").GetString());
                string protocol = body.GetProperty("ip_protocol").GetString()!;
                Assert.Contains(protocol, new[] { "tcp", "udp" });
                Assert.Equal(body.GetProperty("from_port").GetInt32(), body.GetProperty("to_port").GetInt32());
                permissions.Add((type.Name.Contains("ingress", StringComparison.Ordinal) ? "SecurityGroupIngress" : "SecurityGroupEgress",
                    protocol, body.GetProperty("from_port").GetInt32(), body.GetProperty("cidr_ipv4").GetString()!));
            }
        }

        Assert.Equal(permissions.Count, permissions.Distinct().Count());
        AssertEveryNetworkRuleIsAllowed(policy, permissions);
    }

    /// <summary>Each network rule's protocol, port and remote networks (0.0.0.0/0 for none) are among the AWS rules, and loopback rules are not.</summary>
    private static void AssertEveryNetworkRuleIsAllowed(FirewallPolicy policy, List<(string Direction, string Protocol, int Port, string Cidr)> permissions)
    {
        int expected = 0;
        foreach (FirewallRule rule in policy.Rules.Where(r => !r.IsLoopback))
        {
            string list = rule.Direction == RuleDirection.Ingress ? "SecurityGroupIngress" : "SecurityGroupEgress";
            IEnumerable<string> cidrs = rule.RemoteAddresses.Count == 0 ? ["0.0.0.0/0"] : rule.RemoteAddresses.Select(n => n.ToString());
            foreach (string cidr in cidrs)
            {
                Assert.Contains((list, rule.IPProtocol.ToId(), rule.Port, cidr), permissions);
                expected++;
            }
        }

        Assert.True(permissions.Count <= expected);
        foreach (FirewallRule loopback in policy.Rules.Where(r => r.IsLoopback && !policy.Rules.Any(o => !o.IsLoopback && o.Port == r.Port)))
        {
            Assert.DoesNotContain(permissions, p => p.Port == loopback.Port);
        }
    }

    // ------------------------------------------------------------------ Azure

    /// <summary>
    /// Every case's Bicep (as rendered, and with <c>DropOtherTraffic</c>), built in one bicep process
    /// and linted in another: bicep takes about 2 s to start, so each case reads its own result from
    /// the batch instead of starting three. A file's result holds only its own diagnostics.
    /// </summary>
    private static readonly Lazy<(IReadOnlyDictionary<string, ToolResult> Built, IReadOnlyDictionary<string, ToolResult> Linted)> s_bicepBatch = new(() =>
    {
        var plain = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < TestPolicies.Cases.Count; i++)
        {
            FirewallPolicy policy = TestPolicies.Get(TestPolicies.Cases[i]);
            plain[BicepFile(i, deny: false)] = all[BicepFile(i, deny: false)] = new AzureBicepRenderer().Render(policy);
            all[BicepFile(i, deny: true)] = new AzureBicepRenderer { DropOtherTraffic = true }.Render(policy);
        }

        return (ExternalTools.BicepBuildAll(all), ExternalTools.BicepLintAll(plain));
    });

    private static string BicepFile(int index, bool deny) => $"case-{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(deny ? "-deny" : "")}.bicep";

    private static string BicepFileOf(string name, bool deny) => BicepFile(TestPolicies.Cases.ToList().IndexOf(name), deny);

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void BicepBuildsAndLintsEveryCaseWithoutADiagnostic(string name)
    {
        FirewallPolicy policy = TestPolicies.Get(name);
        (IReadOnlyDictionary<string, ToolResult> built, IReadOnlyDictionary<string, ToolResult> linted) = s_bicepBatch.Value;
        string arm = built[BicepFileOf(name, deny: false)].EnsureOk().StdOut;
        linted[BicepFileOf(name, deny: false)].EnsureOk();
        AssertAzureRules(policy, arm, denyOthers: false);
        AssertAzureRules(policy, built[BicepFileOf(name, deny: true)].EnsureOk().StdOut, denyOthers: true);
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void BicepDecompilesEveryArmCaseWithoutADiagnosticAndItEqualsTheBicepBuild(string name)
    {
        FirewallPolicy policy = TestPolicies.Get(name);
        string arm = new AzureArmRenderer().Render(policy);
        ExternalTools.BicepDecompileArm(arm).EnsureOk();
        AssertAzureRules(policy, arm, denyOthers: false);

        // The same security rules as the Bicep dialect compiles to.
        string built = s_bicepBatch.Value.Built[BicepFileOf(name, deny: false)].EnsureOk().StdOut;
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(SecurityRules(built), SecurityRules(arm)), "The ARM rules differ from the Bicep build's.");
    }

    private static System.Text.Json.Nodes.JsonNode? SecurityRules(string armJson)
    {
        System.Text.Json.Nodes.JsonNode root = System.Text.Json.Nodes.JsonNode.Parse(armJson)!;
        System.Text.Json.Nodes.JsonNode resources = root["resources"]!;
        System.Text.Json.Nodes.JsonNode nsg = resources is System.Text.Json.Nodes.JsonArray array ? array[0]! : resources.AsObject().First().Value!;
        return nsg["properties"]!["securityRules"];
    }

    private static readonly Regex AzureName = new(@"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$", RegexOptions.CultureInvariant);

    private static void AssertAzureRules(FirewallPolicy policy, string armJson, bool denyOthers)
    {
        using JsonDocument document = JsonDocument.Parse(armJson);
        JsonElement resources = document.RootElement.GetProperty("resources");
        JsonElement nsg = resources.ValueKind == JsonValueKind.Array ? resources[0] : resources.EnumerateObject().First().Value;
        JsonElement[] rules = [.. nsg.GetProperty("properties").GetProperty("securityRules").EnumerateArray()];
        FirewallRule[] network = [.. policy.Rules.Where(r => !r.IsLoopback)];
        Assert.Equal(network.Length + (denyOthers ? 2 : 0), rules.Length);
        var priorities = new HashSet<(string, int)>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < rules.Length; i++)
        {
            JsonElement rule = rules[i];
            string ruleName = rule.GetProperty("name").GetString()!;
            JsonElement p = rule.GetProperty("properties");
            string direction = p.GetProperty("direction").GetString()!;
            int priority = p.GetProperty("priority").GetInt32();
            Assert.Matches(AzureName, ruleName);
            Assert.True(names.Add(ruleName), ruleName);
            Assert.InRange(priority, 100, 4096);
            Assert.True(priorities.Add((direction, priority)), $"{direction} priority {priority} twice");
            Assert.Contains(direction, new[] { "Inbound", "Outbound" });
            Assert.InRange(p.GetProperty("description").GetString()!.Length, 0, 140);
            if (i >= network.Length)
            {
                Assert.Equal("Deny", p.GetProperty("access").GetString());
                Assert.Equal(4096, priority);
                continue;
            }

            FirewallRule source = network[i];
            Assert.Equal("Allow", p.GetProperty("access").GetString());
            Assert.Equal(source.Direction == RuleDirection.Ingress ? "Inbound" : "Outbound", direction);
            Assert.Equal(source.IPProtocol == IPProtocol.Tcp ? "Tcp" : "Udp", p.GetProperty("protocol").GetString());
            Assert.Equal(source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), p.GetProperty("destinationPortRange").GetString());
            Assert.Equal("*", p.GetProperty("sourcePortRange").GetString());
            Assert.Equal(Expected(source.SourceAddresses), Written(p, "source"));
            Assert.Equal(Expected(source.DestinationAddresses), Written(p, "destination"));
        }

        static string[] Expected(IReadOnlyList<IPv4Network> networks) =>
            networks.Count == 0 ? ["0.0.0.0/0"] : [.. networks.Select(n => n.ToString())];

        static string[] Written(JsonElement properties, string end) =>
            properties.TryGetProperty(end + "AddressPrefix", out JsonElement one)
                ? [one.GetString()!]
                : [.. properties.GetProperty(end + "AddressPrefixes").EnumerateArray().Select(e => e.GetString()!)];
    }

    // ------------------------------------------------------------------ squid

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void SquidParsesEveryCase(string name)
    {
        FirewallPolicy policy = TestPolicies.Get(name);
        string config = new SquidRenderer().Render(policy);
        ExternalTools.SquidParse(config).EnsureOk();
        foreach (FirewallRule rule in policy.Rules.Where(r => r.Direction == RuleDirection.Egress && r.RemoteDomains.Count > 0))
        {
            foreach (string domain in rule.RemoteDomains)
            {
                Assert.Contains(" dstdomain " + domain + "\n", config, StringComparison.Ordinal);
            }
        }

        if (policy.Rules.Any(r => r.RemoteDomains.Count > 0 && r.Port == 443))
        {
            Assert.Matches(@"(?m)^http_access allow swp_connect swp_port_443 swp_dst_server_workload_protection", config);
        }
    }
}

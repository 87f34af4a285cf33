using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests;

/// <summary>
/// Each wrapper of <see cref="ExternalTools"/> accepts a small valid hand-written sample and
/// rejects a broken one, so a green test of a renderer means the real tool read its output.
/// </summary>
public class ToolSmokeTests
{
    // ------------------------------------------------------------------ iptables

    private const string IptablesRules = """
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :SWP-EGRESS - [0:0]
        -A OUTPUT -j SWP-EGRESS
        -A SWP-EGRESS -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
        -A SWP-EGRESS -p tcp --dport 443 -m comment --comment "swp: https to the manager" -j ACCEPT
        COMMIT

        """;

    [SkippableFact]
    public void IptablesRestoreTestAcceptsAChainWithConntrackAndAComment() =>
        ExternalTools.IptablesRestoreTest(IptablesRules).EnsureOk();

    [SkippableFact]
    public void Ip6tablesAndTheLegacyBackendAcceptTheSameRules()
    {
        ExternalTools.IptablesRestoreTest(IptablesRules, IpFamily.V6).EnsureOk();
        ExternalTools.IptablesRestoreTest(IptablesRules, IpFamily.V4, IptablesBackend.Legacy).EnsureOk();
    }

    [SkippableFact]
    public void IptablesRestoreTestRejectsAPortOutOfRange() =>
        ExternalTools.IptablesRestoreTest(IptablesRules.Replace("--dport 443", "--dport 70000", System.StringComparison.Ordinal)).EnsureRejected();

    [SkippableFact]
    public void IptablesRestoreTestRejectsARuleInAChainNeverDeclared()
    {
        // iptables-nft-restore --test alone passes this; the load into the private namespace does not.
        ToolResult result = ExternalTools.IptablesRestoreTest(IptablesRules.Replace(":SWP-EGRESS - [0:0]\n", "", System.StringComparison.Ordinal)).EnsureRejected();
        Assert.Contains("line", result.StdErr, System.StringComparison.Ordinal);
    }

    [SkippableFact]
    public void IptablesLoadAndSaveReadsTheRulesBackFromTheKernel()
    {
        string saved = ExternalTools.IptablesLoadAndSave(IptablesRules);

        Assert.Contains(":SWP-EGRESS - [0:0]", saved, System.StringComparison.Ordinal);
        Assert.Contains("-A OUTPUT -j SWP-EGRESS", saved, System.StringComparison.Ordinal);
        // The kernel's own spelling: the states in its order, and the implicit -m tcp made explicit.
        Assert.Contains("-A SWP-EGRESS -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", saved, System.StringComparison.Ordinal);
        Assert.Contains("-A SWP-EGRESS -p tcp -m tcp --dport 443 -m comment --comment \"swp: https to the manager\" -j ACCEPT", saved, System.StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ nftables

    private const string NftRuleset = """
        table inet swp {
          set mgr4 { type ipv4_addr; flags interval; elements = { 3.69.198.64/27, 18.194.83.0/24 } }
          chain input {
            type filter hook input priority 0; policy accept;
            tcp dport 4118 ip saddr { 3.69.198.64/27 } accept
            tcp dport 4122 ip saddr @mgr4 accept comment "swp relay"
          }
        }

        """;

    [SkippableFact]
    public void NftCheckAcceptsATableWithAnIntervalSet() => ExternalTools.NftCheck(NftRuleset).EnsureOk();

    [SkippableFact]
    public void NftCheckRejectsAPortOutOfRange() =>
        ExternalTools.NftCheck(NftRuleset.Replace("dport 4118", "dport 70000", System.StringComparison.Ordinal)).EnsureRejected();

    [SkippableFact]
    public void NftCheckRejectsAReferenceToAMissingSet() =>
        ExternalTools.NftCheck(NftRuleset.Replace("@mgr4", "@mgr6", System.StringComparison.Ordinal)).EnsureRejected();

    [SkippableFact]
    public void NftLoadAndListJsonReadsTheRulesetBackFromTheKernel()
    {
        using JsonDocument json = JsonDocument.Parse(ExternalTools.NftLoadAndListJson(NftRuleset));
        JsonElement[] items = [.. json.RootElement.GetProperty("nftables").EnumerateArray()];

        JsonElement set = items.Single(i => i.TryGetProperty("set", out _)).GetProperty("set");
        Assert.Equal("mgr4", set.GetProperty("name").GetString());
        Assert.Equal("interval", set.GetProperty("flags")[0].GetString());

        JsonElement[] rules = [.. items.Where(i => i.TryGetProperty("rule", out _)).Select(i => i.GetProperty("rule"))];
        Assert.Equal(2, rules.Length);
        JsonElement[] first = [.. rules[0].GetProperty("expr").EnumerateArray()];
        Assert.Equal(4118, first[0].GetProperty("match").GetProperty("right").GetInt32());
        // A one-element anonymous set comes back as a plain prefix match.
        JsonElement prefix = first[1].GetProperty("match").GetProperty("right").GetProperty("prefix");
        Assert.Equal("3.69.198.64", prefix.GetProperty("addr").GetString());
        Assert.Equal(27, prefix.GetProperty("len").GetInt32());
        Assert.Equal("swp relay", rules[1].GetProperty("comment").GetString());
    }

    // ------------------------------------------------------------------ squid

    private const string SquidConfig = """
        http_port 127.0.0.1:3128
        acl swp_dst dstdomain .trendmicro.com .deepsecurity.trendmicro.com.example
        acl SSL_ports port 443
        acl CONNECT method CONNECT
        http_access deny CONNECT !SSL_ports
        http_access allow swp_dst
        http_access deny all

        """;

    [SkippableFact]
    public void SquidParseAcceptsADstdomainAllowList() => ExternalTools.SquidParse(SquidConfig).EnsureOk();

    [SkippableFact]
    public void SquidParseRejectsAnUndefinedAcl()
    {
        ToolResult result = ExternalTools.SquidParse(SquidConfig.Replace("allow swp_dst", "allow swp_dts", System.StringComparison.Ordinal)).EnsureRejected();
        Assert.Contains(result.Diagnostics, d => d.Contains("FATAL", System.StringComparison.Ordinal));
    }

    [SkippableFact]
    public void SquidParseRejectsAnUnknownDirective()
    {
        // squid exits 1 but prints no FATAL or ERROR line, only "unrecognized: 'bogus_directive'".
        ToolResult result = ExternalTools.SquidParse(SquidConfig + "bogus_directive on\n").EnsureRejected();
        Assert.Contains(result.Diagnostics, d => d.Contains("unrecognized: 'bogus_directive'", System.StringComparison.Ordinal));
    }

    [SkippableFact]
    public void SquidParseRejectsADomainListedWithItsParent()
    {
        // Also exit 0 with a WARNING: squid would drop the subdomain from the list.
        ToolResult result = ExternalTools.SquidParse(SquidConfig.Replace(".trendmicro.com .deepsecurity.trendmicro.com.example", ".trendmicro.com .deepsecurity.trendmicro.com", System.StringComparison.Ordinal)).EnsureRejected();
        Assert.Contains(result.Diagnostics, d => d.Contains("WARNING", System.StringComparison.Ordinal));
    }

    // ------------------------------------------------------------------ CloudFormation

    private const string CloudFormation = """
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Description": "Server & Workload Protection agent",
          "Parameters": { "VpcId": { "Type": "AWS::EC2::VPC::Id" } },
          "Resources": {
            "SwpAgentSecurityGroup": {
              "Type": "AWS::EC2::SecurityGroup",
              "Properties": {
                "GroupDescription": "SWP agent",
                "VpcId": { "Ref": "VpcId" },
                "SecurityGroupIngress": [
                  { "IpProtocol": "tcp", "FromPort": 4118, "ToPort": 4118, "CidrIp": "3.69.198.64/27", "Description": "manager to agent" }
                ],
                "SecurityGroupEgress": [
                  { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": "agent to manager" }
                ]
              }
            },
            "RelayIngress": {
              "Type": "AWS::EC2::SecurityGroupIngress",
              "Properties": {
                "GroupId": { "Fn::GetAtt": ["SwpAgentSecurityGroup", "GroupId"] },
                "IpProtocol": "tcp", "FromPort": 4122, "ToPort": 4122, "CidrIp": "10.0.0.0/8"
              }
            }
          },
          "Outputs": { "GroupId": { "Value": { "Fn::GetAtt": ["SwpAgentSecurityGroup", "GroupId"] } } }
        }
        """;

    [SkippableFact]
    public void CfnLintAcceptsASecurityGroupWithIngressAndEgress() => ExternalTools.CfnLint(CloudFormation).EnsureOk();

    [SkippableFact]
    public void CfnLintRejectsAMisspeltProperty()
    {
        ToolResult result = ExternalTools.CfnLint(CloudFormation.Replace("\"FromPort\": 4118", "\"FromPrt\": 4118", System.StringComparison.Ordinal)).EnsureRejected();
        Assert.Contains(result.Diagnostics, d => d.Contains("FromPrt is not a valid property", System.StringComparison.Ordinal));
    }

    [SkippableFact]
    public void CfnLintRejectsAPortThatIsNotANumber() =>
        ExternalTools.CfnLint(CloudFormation.Replace("\"ToPort\": 443", "\"ToPort\": \"https\"", System.StringComparison.Ordinal)).EnsureRejected();

    [SkippableFact]
    public void CfnLintRejectsJsonThatIsNotStrict() =>
        ExternalTools.CfnLint(CloudFormation.Replace("\"Description\": \"agent to manager\" }", "\"Description\": \"agent to manager\", }", System.StringComparison.Ordinal)).EnsureRejected();

    // ------------------------------------------------------------------ Terraform HCL

    private const string Terraform = """
        variable "vpc_id" {
          type = string
        }

        resource "aws_security_group" "swp_agent" {
          name        = "swp-agent"
          description = "Server & Workload Protection agent"
          vpc_id      = var.vpc_id
        }

        resource "aws_vpc_security_group_ingress_rule" "manager_4118" {
          security_group_id = aws_security_group.swp_agent.id
          cidr_ipv4         = "3.69.198.64/27"
          ip_protocol       = "tcp"
          from_port         = 4118
          to_port           = 4118
          description       = "manager to agent"
        }

        """;

    [SkippableFact]
    public void Hcl2JsonParsesASecurityGroupAndAnIngressRule()
    {
        using JsonDocument json = JsonDocument.Parse(ExternalTools.Hcl2Json(Terraform));
        JsonElement rule = json.RootElement.GetProperty("resource").GetProperty("aws_vpc_security_group_ingress_rule").GetProperty("manager_4118")[0];
        Assert.Equal("3.69.198.64/27", rule.GetProperty("cidr_ipv4").GetString());
        Assert.Equal(4118, rule.GetProperty("from_port").GetInt32());
        Assert.Equal("${aws_security_group.swp_agent.id}", rule.GetProperty("security_group_id").GetString());
    }

    [SkippableFact]
    public void Hcl2JsonRejectsAnUnclosedBlock()
    {
        ToolResult result = ExternalTools.Hcl2JsonParse(Terraform.TrimEnd().TrimEnd('}')).EnsureRejected();
        Assert.Contains("Unclosed configuration block", result.StdErr, System.StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Hcl2JsonRejectsTwoValuesOnOneArgument() =>
        ExternalTools.Hcl2JsonParse(Terraform.Replace("\"tcp\"", "\"tcp\" \"udp\"", System.StringComparison.Ordinal)).EnsureRejected();

    // ------------------------------------------------------------------ Bicep / ARM

    private const string Bicep = """
        @description('Where the NSG lives')
        param location string = resourceGroup().location

        resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
          name: 'swp-agent-nsg'
          location: location
          properties: {
            securityRules: [
              {
                name: 'swp-manager-to-agent'
                properties: {
                  priority: 100
                  direction: 'Inbound'
                  access: 'Allow'
                  protocol: 'Tcp'
                  sourceAddressPrefix: '3.69.198.64/27'
                  sourcePortRange: '*'
                  destinationAddressPrefix: '*'
                  destinationPortRange: '4118'
                }
              }
              {
                name: 'swp-agent-to-manager'
                properties: {
                  priority: 110
                  direction: 'Outbound'
                  access: 'Allow'
                  protocol: 'Tcp'
                  sourceAddressPrefix: '*'
                  sourcePortRange: '*'
                  destinationAddressPrefix: 'Internet'
                  destinationPortRanges: [ '443', '80' ]
                }
              }
            ]
          }
        }

        output nsgId string = nsg.id

        """;

    [SkippableFact]
    public void BicepBuildCompilesAnNsgToArmJson()
    {
        ToolResult result = ExternalTools.BicepBuild(Bicep).EnsureOk();
        using JsonDocument arm = JsonDocument.Parse(result.StdOut);
        JsonElement nsg = arm.RootElement.GetProperty("resources")[0];
        Assert.Equal("Microsoft.Network/networkSecurityGroups", nsg.GetProperty("type").GetString());
        JsonElement rule = nsg.GetProperty("properties").GetProperty("securityRules")[0].GetProperty("properties");
        Assert.Equal("4118", rule.GetProperty("destinationPortRange").GetString());

        // The ARM JSON itself checks too (decompiled and type-checked by the same bicep).
        ExternalTools.BicepDecompileArm(result.StdOut).EnsureOk();
        ExternalTools.BicepLint(Bicep).EnsureOk();
    }

    [SkippableFact]
    public void BicepBuildRejectsAMisspeltPropertyThatIsOnlyAWarning()
    {
        ToolResult result = ExternalTools.BicepBuild(Bicep.Replace("priority: 100", "priorty: 100", System.StringComparison.Ordinal)).EnsureRejected();
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.Diagnostics, d => d.Contains("BCP089", System.StringComparison.Ordinal));
    }

    [SkippableFact]
    public void BicepBuildRejectsASyntaxError() =>
        ExternalTools.BicepBuild(Bicep.Replace("output nsgId string = nsg.id", "output nsgId string =", System.StringComparison.Ordinal)).EnsureRejected();

    [SkippableFact]
    public void BicepLintRejectsAnUnusedParameter() =>
        ExternalTools.BicepLint("param unused string = 'x'\n" + Bicep).EnsureRejected();

    [SkippableFact]
    public void BicepDecompileArmRejectsAMisspeltArmProperty()
    {
        string arm = ExternalTools.BicepBuild(Bicep).EnsureOk().StdOut;
        ToolResult result = ExternalTools.BicepDecompileArm(arm.Replace("\"priority\": 100", "\"priorty\": 100", System.StringComparison.Ordinal)).EnsureRejected();
        Assert.Contains(result.Diagnostics, d => d.Contains("BCP089", System.StringComparison.Ordinal));
    }

    [SkippableFact]
    public void BicepBuildAllChecksEachFileOfABatch()
    {
        IReadOnlyDictionary<string, ToolResult> results = ExternalTools.BicepBuildAll(new Dictionary<string, string>
        {
            ["good.bicep"] = Bicep,
            ["misspelt.bicep"] = Bicep.Replace("access: 'Allow'", "acess: 'Allow'", System.StringComparison.Ordinal),
        });

        results["good.bicep"].EnsureOk();
        Assert.Contains("4118", results["good.bicep"].StdOut, System.StringComparison.Ordinal);
        Assert.Contains(results["misspelt.bicep"].EnsureRejected().Diagnostics, d => d.Contains("\"acess\"", System.StringComparison.Ordinal));
    }

    // ------------------------------------------------------------------ PowerShell

    private const string PowerShell = """
        #Requires -Modules NetSecurity
        $ErrorActionPreference = 'Stop'
        New-NetFirewallRule -Name 'SWP-Manager-4118' -DisplayName 'SWP: manager to agent' -Group 'Server & Workload Protection' `
            -Direction Inbound -Action Allow -Protocol TCP -LocalPort 4118 -RemoteAddress '3.69.198.64/27', '18.194.83.0/24' `
            -Profile Domain,Private -Enabled True
        New-NetFirewallRule -DisplayName 'SWP: agent to manager' -Direction Outbound -Action Allow -Protocol TCP `
            -RemotePort 443,4119-4120 -RemoteAddress Internet4 -Description "HTTPS"
        """;

    [Fact]
    public void PowerShellParseReadsEachNewNetFirewallRule()
    {
        PowerShellScriptCheck check = ExternalTools.PowerShellParse(PowerShell).EnsureOk();

        Assert.Equal(2, check.FirewallRules.Count);
        NetFirewallRuleCommand inbound = check.FirewallRules[0];
        Assert.Equal(3, inbound.Line);
        Assert.Equal("Inbound", inbound.Value("Direction"));
        Assert.Equal("4118", inbound.Value("LocalPort"));
        Assert.Equal(["3.69.198.64/27", "18.194.83.0/24"], inbound.Find("RemoteAddress")!.Values);
        Assert.Equal(["443", "4119-4120"], check.FirewallRules[1].Find("RemotePort")!.Values);
    }

    [Fact]
    public void PowerShellParseRejectsAParseError()
    {
        PowerShellScriptCheck check = ExternalTools.PowerShellParse(PowerShell + "\nif ($x) { New-NetFirewallRule -DisplayName 'x'\n").EnsureRejected();
        Assert.NotEmpty(check.ParseErrors);
    }

    [Theory]
    [InlineData("-Direction Inbound", "-Direction In", "'In' is not one of Inbound, Outbound")]
    [InlineData("-Action Allow", "-Action Accept", "'Accept' is not one of NotConfigured, Allow, Block")]
    [InlineData("-Protocol TCP", "-Protocol TCPv4", "neither a protocol number")]
    [InlineData("-LocalPort 4118", "-LocalPort 70000", "neither a port 0-65535")]
    [InlineData("-LocalPort 4118", "-Port 4118", "-Port is not a parameter of New-NetFirewallRule")]
    [InlineData("-Enabled True", "-Enabled $true", "not $true (its type is not Boolean)")]
    [InlineData("-Profile Domain,Private", "-Profile Domain,Work", "'Work' is not one of")]
    [InlineData("-DisplayName 'SWP: manager to agent' ", "", "-DisplayName is required")]
    [InlineData("'3.69.198.64/27', ", "'3.69.198.64/33', ", "'3.69.198.64/33' is not an address")]
    [InlineData("-Protocol TCP -LocalPort", "-LocalPort", "-LocalPort with port numbers needs -Protocol TCP or UDP")]
    public void PowerShellParseRejectsWhatNewNetFirewallRuleDoesNotDocument(string valid, string broken, string problem)
    {
        Assert.Contains(valid, PowerShell, System.StringComparison.Ordinal);
        PowerShellScriptCheck check = ExternalTools.PowerShellParse(PowerShell.Replace(valid, broken, System.StringComparison.Ordinal)).EnsureRejected();
        Assert.Empty(check.ParseErrors);
        Assert.Contains(check.RuleProblems, p => p.Contains(problem, System.StringComparison.Ordinal));
    }
}

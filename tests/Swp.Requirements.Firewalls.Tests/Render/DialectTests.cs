using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>Each dialect's declaration (<see cref="FirewallDialect"/>) and the warnings its renderer returns: what it left out, widened, cut or changed.</summary>
public class DialectTests
{
    private static readonly Flow Https = Flows.From(Component.Agent).ToArray().First(f => f.Destination == Component.ServerWorkloadProtection && f.Port == 443);
    private static readonly Flow Dns = Flows.From(Component.Agent).ToArray().First(f => f.Destination == Component.DnsServer);

    [Theory]
    [InlineData("iptables", "rules", "iptables-save", false, true, true, 255)]
    [InlineData("nftables", "nft", "nftables", true, true, true, 128)]
    [InlineData("windows", "ps1", null, false, true, true, null)]
    [InlineData("aws-cloudformation", "json", "aws", false, false, true, 255)]
    [InlineData("terraform-aws", "tf", "aws", false, false, true, 255)]
    [InlineData("azure", "bicep", "azure", false, false, true, 140)]
    [InlineData("azure-arm", "json", "azure", false, false, true, 140)]
    [InlineData("squid", "conf", null, true, false, false, null)]
    public void Each_dialect_declares_itself(string format, string extension, string? readBack, bool names, bool loopback, bool everyRule, int? maxComment)
    {
        Assert.True(FirewallRenderers.TryGet(format, out FirewallRenderer? renderer));
        FirewallDialect dialect = renderer.Dialect;
        Assert.Equal(format, dialect.Format);
        Assert.Equal(format, dialect.ToString());
        Assert.Equal(extension, dialect.FileExtension);
        Assert.Equal(readBack, dialect.ReadBackFormat);
        Assert.Equal(names, dialect.MatchesDomainNames);
        Assert.Equal(loopback, dialect.RendersLoopbackRules);
        Assert.Equal(everyRule, dialect.RendersEveryRule);
        Assert.Equal(maxComment, dialect.MaxCommentLength);
        Assert.Same(dialect, new List<FirewallRenderer>(FirewallRenderers.All).Find(r => r.Format == format)!.Dialect);
    }

    [Fact]
    public void Azure_bicep_is_an_alias_of_azure_and_is_not_listed()
    {
        Assert.True(FirewallRenderers.TryGet("azure-bicep", out FirewallRenderer? renderer));
        Assert.Equal("azure", renderer.Format);
        Assert.Equal(["azure-bicep"], renderer.Dialect.Aliases);
        Assert.DoesNotContain("azure-bicep", FirewallRenderers.Formats);
        Assert.False(FirewallRenderers.TryGet("Azure-Bicep", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("dot.ted")]
    [InlineData("with space")]
    public void A_dialect_id_or_extension_outside_the_id_rules_is_refused(string id)
    {
        Assert.Throws<ArgumentException>(() => new FirewallDialect(id, "txt"));
        Assert.Throws<ArgumentException>(() => new FirewallDialect("x", id));
        Assert.Throws<ArgumentException>(() => new FirewallDialect("x", "txt") { Aliases = [id] });
        Assert.Throws<ArgumentNullException>(() => new FirewallDialect(null!, "txt"));
    }

    [Fact]
    public void A_rule_with_domain_names_only_is_widened_where_the_platform_matches_addresses_only()
    {
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent)
            .Add(RuleDirection.Egress, Https, domains: ["a.example", "b.example"], description: "to the manager", name: "swp-manager")
            .Build([]);
        var widened = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (FirewallRenderer renderer in FirewallRenderers.All)
        {
            RenderWarning[] warnings = [.. Render(renderer, policy, out _).Where(w => w.Kind == RenderWarningKind.Widened)];
            Assert.Equal(renderer.Dialect.MatchesDomainNames ? 0 : 1, warnings.Length);
            if (warnings.Length == 1)
            {
                Assert.Equal("swp-manager", warnings[0].RuleName);
                widened.Add(renderer.Format, warnings[0].Message);
            }
        }

        Assert.Equal("widened to any remote address: the platform matches addresses, not names, and the rule names 2 domain name(s) and no address.", widened["iptables"]);
        Assert.Equal("widened to any remote address: the platform matches addresses, not names, and the rule names 2 domain name(s) and no address.", widened["windows"]);
        Assert.Equal("widened to 0.0.0.0/0: the platform matches addresses, not names, and the rule names 2 domain name(s) and no address.", widened["aws-cloudformation"]);
        Assert.Equal("widened to 0.0.0.0/0: the platform matches addresses, not names, and the rule names 2 domain name(s) and no address.", widened["azure"]);
        Assert.Superset(new HashSet<string> { "iptables", "windows", "aws-cloudformation", "terraform-aws", "azure", "azure-arm" }, new HashSet<string>(widened.Keys));
        Assert.DoesNotContain("nftables", widened.Keys);
        Assert.DoesNotContain("squid", widened.Keys);

        // The comment stays in the output.
        Render(new IptablesRenderer(), policy, out string iptables);
        Assert.Contains("# swp-manager: iptables matches addresses, not names: any remote address. The remote end's domains: a.example, b.example\n", iptables, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_description_is_cut_where_the_platform_has_a_limit_and_said_so()
    {
        string description = string.Concat(Enumerable.Repeat("0123456789", 30)); // 300 characters
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent)
            .Add(RuleDirection.Egress, Dns, remote: [IPv4Network.Parse("10.0.0.53/32")], description: description, name: "swp-dns")
            .Build([]);
        foreach (FirewallRenderer renderer in FirewallRenderers.All.Where(r => r.Dialect.RendersEveryRule))
        {
            RenderWarning[] cut = [.. Render(renderer, policy, out _).Where(w => w.Kind == RenderWarningKind.Truncated)];
            if (renderer.Dialect.MaxCommentLength is int max)
            {
                RenderWarning warning = Assert.Single(cut);
                Assert.Equal("swp-dns", warning.RuleName);
                Assert.Contains($"cut to {max} characters (the platform keeps {max}), ending in '...'.", warning.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Empty(cut);
            }
        }

        Assert.Equal(
            "swp-dns: its comment: cut to 128 characters (the platform keeps 128), ending in '...'.",
            Render(new NftablesRenderer(), policy, out _).Single().ToString());
    }

    [Fact]
    public void Characters_the_platform_does_not_take_are_said_to_be_replaced()
    {
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent)
            .Add(RuleDirection.Egress, Https, remote: [IPv4Network.Parse("10.0.0.1/32")], domains: ["a.example"], description: "caf\u00e9", name: "swp-cafe")
            .Build([]);
        var sanitized = new List<string>();
        foreach (FirewallRenderer renderer in FirewallRenderers.All)
        {
            if (Render(renderer, policy, out _).Any(w => w.Kind == RenderWarningKind.Sanitized && w.RuleName == "swp-cafe"))
            {
                sanitized.Add(renderer.Format);
            }
        }

        // Azure keeps non-ASCII text (UTF-8); the others of the first release fold it.
        string[] first = ["iptables", "nftables", "windows", "aws-cloudformation", "terraform-aws", "azure", "azure-arm", "squid"];
        Assert.Equal(["iptables", "nftables", "windows", "aws-cloudformation", "terraform-aws", "squid"], sanitized.Where(first.Contains));
        Assert.Equal(
            "swp-cafe: its comment: characters outside printable ASCII as '?' (control characters as spaces).",
            Render(new IptablesRenderer(), policy, out _).Single().ToString());
        Assert.Empty(Render(new AzureBicepRenderer(), policy, out _));
    }

    [Fact]
    public void Loopback_rules_are_left_out_of_cloud_groups_and_have_no_effect_on_windows()
    {
        FirewallPolicy policy = TestPolicies.RelayBidirectional();
        string[] loopback = [.. policy.Rules.Where(r => r.IsLoopback).Select(r => r.Name)];
        Assert.Equal(2, loopback.Length);

        RenderWarning[] windows = [.. Render(new WindowsFirewallRenderer(), policy, out string script).Where(w => w.Kind == RenderWarningKind.NoEffect)];
        Assert.Equal(loopback, windows.Select(w => w.RuleName));
        Assert.Contains("# Loopback: Windows Firewall does not filter loopback traffic, so this rule has no effect; it is here to document the flow.\n", script, StringComparison.Ordinal);

        RenderWarning[] aws = [.. Render(new TerraformAwsRenderer(), policy, out _).Where(w => w.Kind == RenderWarningKind.LeftOut)];
        Assert.Equal(loopback, aws.Select(w => w.RuleName));
        Assert.Equal("left out: a loopback rule, and a security group never sees loopback traffic.", aws[0].Message);
        Assert.DoesNotContain(Render(new IptablesRenderer(), policy, out _), w => w.Kind == RenderWarningKind.LeftOut);
    }

    [Fact]
    public void Squid_says_which_rules_a_proxy_does_not_carry()
    {
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent)
            .Add(RuleDirection.Egress, Https, domains: ["a.example"], name: "swp-manager")
            .Add(RuleDirection.Egress, Dns, remote: [IPv4Network.Parse("10.0.0.53/32")], name: "swp-dns")
            .Build([]);

        IReadOnlyList<RenderWarning> warnings = Render(new SquidRenderer(), policy, out string conf);

        RenderWarning warning = Assert.Single(warnings);
        Assert.Equal(RenderWarningKind.LeftOut, warning.Kind);
        Assert.Equal("swp-dns: left out: it names no domain, and a web proxy's list is of domain names.", warning.ToString());
        Assert.Contains("# Not here (no domain names, or inbound to a component that is not the proxy): swp-dns\n", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void Squid_is_for_the_web_proxys_point_of_view_and_its_clients_are_the_src()
    {
        Assert.True(FirewallRenderers.TryGet("squid", out FirewallRenderer? squid));
        Assert.Equal([Component.WebProxy], squid.Dialect.PointsOfView);
        Assert.All(FirewallRenderers.All.Where(r => r.Format != "squid"), r => Assert.Empty(r.Dialect.PointsOfView));

        Flow client = Flows.To(Component.WebProxy).ToArray().First(f => f.Source == Component.Agent);
        Flow relay = Flows.To(Component.WebProxy).ToArray().First(f => f.Source == Component.Relay);
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.WebProxy)
            .Add(RuleDirection.Egress, Https, local: [IPv4Network.Parse("10.0.0.10/32")], domains: ["a.example"], name: "swp-manager")
            .Add(RuleDirection.Ingress, client, local: [IPv4Network.Parse("10.0.0.10/32")], remote: [IPv4Network.Parse("10.1.0.0/16"), IPv4Network.Parse("10.2.0.0/16")])
            .Add(RuleDirection.Ingress, relay, local: [IPv4Network.Parse("10.0.0.10/32")], remote: [IPv4Network.Parse("10.1.5.10/32"), IPv4Network.Parse("10.9.0.1/32")])
            .Build([]);

        Assert.Empty(Render(squid, policy, out string conf));
        // 10.1.5.10 is inside 10.1.0.0/16 (squid would ignore it with a warning); the proxy's own address is no client.
        Assert.Contains("\nacl swp_clients src 10.1.0.0/16\nacl swp_clients src 10.2.0.0/16\nacl swp_clients src 10.9.0.1/32\nacl swp_dst_server_workload_protection dstdomain a.example\nacl swp_port_443 port 443\n", conf, StringComparison.Ordinal);
        Assert.Contains("\nhttp_access allow swp_connect swp_port_443 swp_dst_server_workload_protection swp_clients\n", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.10", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_is_the_same_with_or_without_the_warnings()
    {
        foreach (string name in TestPolicies.Cases)
        {
            foreach (FirewallRenderer renderer in FirewallRenderers.All)
            {
                Render(renderer, TestPolicies.Get(name), out string text);
                Assert.Equal(renderer.Render(TestPolicies.Get(name)), text);
            }
        }
    }

    private static IReadOnlyList<RenderWarning> Render(FirewallRenderer renderer, FirewallPolicy policy, out string text)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        IReadOnlyList<RenderWarning> warnings = renderer.Render(policy, writer);
        text = writer.ToString();
        return warnings;
    }
}

using System;
using System.Linq;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>
/// A wildcard domain name (<c>*.example.com</c>, which the spec's rule allows) renders in every
/// dialect instead of throwing: the dialects that match names write it their way (dnsmasq's
/// <c>/example.com/</c> and squid's <c>.example.com</c> cover the subdomains), the others match
/// addresses only and say so, as for any name.
/// </summary>
public class WildcardDomainTests
{
    private static FirewallPolicy Policy()
    {
        Flow https = Flows.From(Component.Agent).ToArray().First(f => f.Destination == Component.ServerWorkloadProtection && f.Port == 443);
        var rule = new FirewallRule("swp-egress-tcp-443-server-workload-protection", RuleDirection.Egress, https, [], [], ["*.workload.de-1.cloudone.trendmicro.com", "workload.de-1.cloudone.trendmicro.com"], "agent -> manager", []);
        return new FirewallPolicy(Component.Agent, [rule], []);
    }

    public static TheoryData<string> Formats => [.. FirewallRenderers.Formats];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_dialect_renders_a_wildcard_name(string format)
    {
        Assert.True(FirewallRenderers.TryGet(format, out FirewallRenderer? renderer));
        string text = renderer!.Render(Policy());
        Assert.Contains("swp-egress-tcp-443-server-workload-protection", text, StringComparison.Ordinal); // the rule is there, by its name
    }

    [Fact]
    public void Nftables_fills_its_set_from_the_suffix_and_squid_matches_the_subdomains()
    {
        string nft = new NftablesRenderer().Render(Policy());
        Assert.Contains("nftset=/workload.de-1.cloudone.trendmicro.com/workload.de-1.cloudone.trendmicro.com/4#inet#swp#", nft, StringComparison.Ordinal);
        string squid = new SquidRenderer().Render(Policy());
        Assert.Contains("dstdomain .workload.de-1.cloudone.trendmicro.com\n", squid, StringComparison.Ordinal);
        Assert.Contains("dstdomain workload.de-1.cloudone.trendmicro.com\n", squid, StringComparison.Ordinal);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>
/// The iptables and nftables outputs loaded into a private network namespace and read back from
/// the kernel: every rule is there with its port, protocol, addresses and comment. A tool check:
/// what the rules do to packets on a host that filters is Behaviour/HostBehaviourTests.
/// </summary>
public class LoadReadBackTests
{
    public static IEnumerable<object[]> Cases() => TestPolicies.Cases.Select(c => new object[] { c });

    // ------------------------------------------------------------------ iptables

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void IptablesSaveShowsEveryRuleWithItsPortProtocolAddressesAndComment(string name)
    {
        FirewallPolicy policy = TestPolicies.Get(name);
        string saved = ExternalTools.IptablesLoadAndSave(new IptablesRenderer().Render(policy));
        List<string> lines = [.. saved.Split('\n').Where(l => l.StartsWith("-A ", StringComparison.Ordinal))];

        // The file inserts no jump (loading it twice would leave two): IptablesRenderer.ApplyCommands add them (Behaviour/).
        Assert.DoesNotContain(lines, l => l.StartsWith("-A INPUT ", StringComparison.Ordinal) || l.StartsWith("-A OUTPUT ", StringComparison.Ordinal));
        Assert.Contains("-A SWP-INGRESS -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", lines);
        Assert.Contains("-A SWP-EGRESS -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", lines);
        Assert.Contains(":INPUT ACCEPT", saved, StringComparison.Ordinal);

        var expected = new List<string>();
        foreach (FirewallRule rule in policy.Rules)
        {
            string chain = rule.Direction == RuleDirection.Ingress ? "SWP-INGRESS" : "SWP-EGRESS";
            string p = rule.IPProtocol.ToId();
            foreach (string? source in OrAny(rule.SourceAddresses))
            {
                foreach (string? destination in OrAny(rule.DestinationAddresses))
                {
                    var line = new StringBuilder("-A ").Append(chain);
                    if (source is not null)
                    {
                        line.Append(" -s ").Append(source);
                    }

                    if (destination is not null)
                    {
                        line.Append(" -d ").Append(destination);
                    }

                    if (rule.IsLoopback)
                    {
                        line.Append(rule.Direction == RuleDirection.Ingress ? " -i lo" : " -o lo");
                    }

                    line.Append($" -p {p} -m {p} --dport {rule.Port} -m conntrack --ctstate NEW -m comment --comment ");
                    expected.Add(line.ToString() + "\u0000" + Sanitized.Iptables(rule.Name + ": " + rule.Description));
                }
            }
        }

        List<string> actual = [.. lines.Where(l => l.Contains("--ctstate NEW", StringComparison.Ordinal)).Select(Split)];
        Assert.Equal(expected, actual);

        // "-A CHAIN ... --comment " + NUL + the comment as iptables-save quoted it, unquoted.
        static string Split(string line)
        {
            int at = line.IndexOf("--comment ", StringComparison.Ordinal) + "--comment ".Length;
            Assert.EndsWith(" -j ACCEPT", line, StringComparison.Ordinal);
            string quoted = line[at..^" -j ACCEPT".Length];
            return line[..at] + "\u0000" + Unquote(quoted);
        }
    }

    [SkippableFact]
    public void IptablesDropOtherTrafficSetsTheInputAndOutputPolicies()
    {
        string saved = ExternalTools.IptablesLoadAndSave(new IptablesRenderer { DropOtherTraffic = true }.Render(TestPolicies.AgentBaseline()));
        Assert.Contains(":INPUT DROP", saved, StringComparison.Ordinal);
        Assert.Contains(":OUTPUT DROP", saved, StringComparison.Ordinal);
        Assert.Contains(":FORWARD ACCEPT", saved, StringComparison.Ordinal);
    }

    /// <summary>An iptables-save argument: "..." with backslash escapes, or a bare word.</summary>
    internal static string Unquote(string text)
    {
        if (!text.StartsWith('"'))
        {
            return text;
        }

        Assert.EndsWith("\"", text, StringComparison.Ordinal);
        var builder = new StringBuilder();
        for (int i = 1; i < text.Length - 1; i++)
        {
            builder.Append(text[i] == '\\' ? text[++i] : text[i]);
        }

        return builder.ToString();
    }

    private static IEnumerable<string?> OrAny(IReadOnlyList<IPv4Network> networks) =>
        networks.Count == 0 ? [null] : networks.Select(n => (string?)n.ToString());

    // ------------------------------------------------------------------ nftables

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void NftListShowsEveryRuleWithItsPortProtocolAddressesAndComment(string name)
    {
        FirewallPolicy policy = TestPolicies.Get(name);
        NftRuleset ruleset = NftRuleset.Load(new NftablesRenderer().Render(policy));

        Assert.Equal("accept", ruleset.Policies["input"]);
        Assert.Equal("accept", ruleset.Policies["output"]);
        foreach (RuleDirection direction in new[] { RuleDirection.Egress, RuleDirection.Ingress })
        {
            string chain = direction == RuleDirection.Egress ? "output" : "input";
            FirewallRule[] rules = [.. policy.Rules.Where(r => r.Direction == direction)];
            List<NftRule> loaded = ruleset.Rules[chain];
            Assert.Equal("ct state established,related accept", loaded[0].Summary);
            Assert.Equal(rules.Length, loaded.Count - 1);
            for (int i = 0; i < rules.Length; i++)
            {
                FirewallRule rule = rules[i];
                NftRule actual = loaded[i + 1];
                Assert.Equal(rule.IPProtocol.ToId(), actual.Protocol);
                Assert.Equal(rule.Port, actual.Port);
                Assert.True(actual.New, $"{rule.Name}: no ct state new");
                Assert.Equal("accept", actual.Verdict);
                Assert.Equal(Sanitized.Nft(rule.Name + ": " + rule.Description), actual.Comment);
                Assert.Equal(rule.IsLoopback ? "lo" : null, direction == RuleDirection.Ingress ? actual.InputInterface : actual.OutputInterface);
                AssertAddresses(ruleset, rule, rule.SourceAddresses, actual.SourceSet, rule.Direction == RuleDirection.Ingress);
                AssertAddresses(ruleset, rule, rule.DestinationAddresses, actual.DestinationSet, rule.Direction == RuleDirection.Egress);
                if (actual.SourceSet is null && actual.DestinationSet is null)
                {
                    Assert.True(actual.Ipv4Only, $"{rule.Name}: no meta nfproto ipv4");
                }
            }
        }
    }

    private static void AssertAddresses(NftRuleset ruleset, FirewallRule rule, IReadOnlyList<IPv4Network> networks, string? set, bool remote)
    {
        if (networks.Count > 0)
        {
            Assert.NotNull(set);
            Assert.Equal(networks.Select(n => n.ToString()).Distinct().Order(StringComparer.Ordinal), ruleset.Sets[set].Order(StringComparer.Ordinal));
        }
        else if (remote && rule.RemoteDomains.Count > 0)
        {
            // A resolver's set: empty in the kernel, named after the component, never a host name in the rule.
            Assert.NotNull(set);
            Assert.EndsWith("-dns", set, StringComparison.Ordinal);
            Assert.Empty(ruleset.Sets[set]);
        }
        else
        {
            Assert.Null(set);
        }
    }

    [SkippableFact]
    public void NftDropOtherTrafficSetsTheChainsPolicy()
    {
        NftRuleset ruleset = NftRuleset.Load(new NftablesRenderer { DropOtherTraffic = true }.Render(TestPolicies.AgentBaseline()));
        Assert.Equal("drop", ruleset.Policies["input"]);
        Assert.Equal("drop", ruleset.Policies["output"]);
    }

    [SkippableFact]
    public void NftSetsLeaveOutNetworksAnotherNetworkOfTheListHolds()
    {
        Flow flow = Flows.From(Component.Agent).ToArray().First(f => f.Destination == Component.DnsServer);
        FirewallPolicy policy = new TestPolicies.PolicyBuilder(Component.Agent)
            .Add(RuleDirection.Egress, flow, remote: [IPv4Network.Parse("10.1.0.0/24"), IPv4Network.Parse("10.0.0.0/8"), IPv4Network.Parse("10.0.0.0/8"), IPv4Network.Parse("192.168.1.1/32")])
            .Build([]);
        NftRuleset ruleset = NftRuleset.Load(new NftablesRenderer().Render(policy));
        Assert.Equal(["10.0.0.0/8", "192.168.1.1/32"], ruleset.Sets["dns-server"].Order(StringComparer.Ordinal));
    }

    /// <summary>One rule as nft -j list ruleset shows it.</summary>
    public sealed record NftRule(
        string Summary, string? Protocol, int? Port, bool New, string? Verdict, string? Comment,
        string? SourceSet, string? DestinationSet, string? InputInterface, string? OutputInterface, bool Ipv4Only);

    /// <summary>The table inet swp as the kernel has it: chains' policies and rules, and sets' elements as CIDR text.</summary>
    public sealed class NftRuleset
    {
        public Dictionary<string, string> Policies { get; } = [];

        public Dictionary<string, List<NftRule>> Rules { get; } = [];

        public Dictionary<string, List<string>> Sets { get; } = [];

        public static NftRuleset Load(string ruleset)
        {
            string json = ExternalTools.NftLoadAndListJson(ruleset);
            using JsonDocument document = JsonDocument.Parse(json);
            var result = new NftRuleset();
            foreach (JsonElement item in document.RootElement.GetProperty("nftables").EnumerateArray())
            {
                if (item.TryGetProperty("chain", out JsonElement chain))
                {
                    Assert.Equal("swp", chain.GetProperty("table").GetString());
                    Assert.Equal("filter", chain.GetProperty("type").GetString());
                    Assert.Equal(0, chain.GetProperty("prio").GetInt32());
                    result.Policies[chain.GetProperty("name").GetString()!] = chain.GetProperty("policy").GetString()!;
                    Assert.Equal(chain.GetProperty("name").GetString(), chain.GetProperty("hook").GetString());
                    result.Rules[chain.GetProperty("name").GetString()!] = [];
                }
                else if (item.TryGetProperty("set", out JsonElement set))
                {
                    Assert.Equal("ipv4_addr", set.GetProperty("type").GetString());
                    var elements = new List<string>();
                    if (set.TryGetProperty("elem", out JsonElement elem))
                    {
                        foreach (JsonElement e in elem.EnumerateArray())
                        {
                            elements.Add(e.ValueKind == JsonValueKind.String
                                ? e.GetString() + "/32"
                                : $"{e.GetProperty("prefix").GetProperty("addr").GetString()}/{e.GetProperty("prefix").GetProperty("len").GetInt32()}");
                        }
                    }

                    result.Sets[set.GetProperty("name").GetString()!] = elements;
                }
                else if (item.TryGetProperty("rule", out JsonElement rule))
                {
                    result.Rules[rule.GetProperty("chain").GetString()!].Add(ReadRule(rule));
                }
            }

            return result;
        }

        private static NftRule ReadRule(JsonElement rule)
        {
            string? protocol = null, verdict = null, source = null, destination = null, iif = null, oif = null;
            int? port = null;
            bool isNew = false, ipv4 = false;
            var summary = new List<string>();
            foreach (JsonElement expr in rule.GetProperty("expr").EnumerateArray())
            {
                if (expr.TryGetProperty("accept", out _))
                {
                    verdict = "accept";
                    summary.Add("accept");
                    continue;
                }

                JsonElement match = expr.GetProperty("match");
                JsonElement left = match.GetProperty("left");
                JsonElement right = match.GetProperty("right");
                if (left.TryGetProperty("payload", out JsonElement payload))
                {
                    string field = payload.GetProperty("field").GetString()!;
                    string p = payload.GetProperty("protocol").GetString()!;
                    if (field == "dport")
                    {
                        protocol = p;
                        port = right.GetInt32();
                    }
                    else if (p == "ip" && field == "saddr")
                    {
                        source = right.GetString()!.TrimStart('@');
                    }
                    else if (p == "ip" && field == "daddr")
                    {
                        destination = right.GetString()!.TrimStart('@');
                    }
                    else
                    {
                        Assert.Fail($"Unexpected match {match}");
                    }
                }
                else if (left.TryGetProperty("ct", out JsonElement ct))
                {
                    Assert.Equal("state", ct.GetProperty("key").GetString());
                    string[] states = right.ValueKind == JsonValueKind.Array ? [.. right.EnumerateArray().Select(s => s.GetString()!)] : [right.GetString()!];
                    isNew = states.SequenceEqual(["new"]);
                    summary.Add("ct state " + string.Join(",", states));
                }
                else if (left.TryGetProperty("meta", out JsonElement meta))
                {
                    switch (meta.GetProperty("key").GetString())
                    {
                        case "iifname": iif = right.GetString(); break;
                        case "oifname": oif = right.GetString(); break;
                        case "nfproto": ipv4 = right.GetString() == "ipv4"; break;
                        default: Assert.Fail($"Unexpected meta match {match}"); break;
                    }
                }
                else
                {
                    Assert.Fail($"Unexpected match {match}");
                }
            }

            string? comment = rule.TryGetProperty("comment", out JsonElement c) ? c.GetString() : null;
            return new NftRule(string.Join(" ", summary), protocol, port, isNew, verdict, comment, source, destination, iif, oif, ipv4);
        }
    }
}

using System;
using System.Globalization;
using System.Linq;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// Every nftables hook and chain type that can drop a host's own connection's first packet
/// decides, in the kernel's order: ingress is netdev ingress, then prerouting, then input;
/// egress is output, then postrouting, then netdev egress; on one hook, by priority. Expected
/// verdicts are derived by hand from nft(8); the number with each is the index of the item in
/// the <c>nftables</c> array that decides (a rule, or a chain for its policy).
/// </summary>
public class NftablesHooksTests
{
    private const string Accept = "{\"accept\": null}";
    private const string Drop = "{\"drop\": null}";

    private static string Ruleset(params string[] items) => "{\"nftables\": [\n" + string.Join(",\n", items) + "\n]}";

    private static string Table(string family, string name, string? flags = null) =>
        "{\"table\": {\"family\": \"" + family + "\", \"name\": \"" + name + "\"" + (flags is null ? "" : ", \"flags\": " + flags) + "}}";

    private static string Chain(string family, string table, string name, string type, string hook, int prio, string policy, string? dev = null) =>
        "{\"chain\": {\"family\": \"" + family + "\", \"table\": \"" + table + "\", \"name\": \"" + name + "\", \"type\": \"" + type + "\", \"hook\": \"" + hook
        + "\", \"prio\": " + prio.ToString(CultureInfo.InvariantCulture) + (dev is null ? "" : ", \"dev\": \"" + dev + "\"") + ", \"policy\": \"" + policy + "\"}}";

    private static string Rule(string family, string table, string chain, params string[] expr) =>
        "{\"rule\": {\"family\": \"" + family + "\", \"table\": \"" + table + "\", \"chain\": \"" + chain + "\", \"expr\": [" + string.Join(", ", expr) + "]}}";

    private static string Dport(int port) =>
        "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": " + port.ToString(CultureInfo.InvariantCulture) + "}}";

    private static string Address(string field, string address) =>
        "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"" + field + "\"}}, \"right\": \"" + address + "\"}}";

    private static string Fib(string flags, string op, string type) =>
        "{\"match\": {\"op\": \"" + op + "\", \"left\": {\"fib\": {\"result\": \"type\", \"flags\": " + flags + "}}, \"right\": \"" + type + "\"}}";

    private static string CtStatus(string op) =>
        "{\"match\": {\"op\": \"" + op + "\", \"left\": {\"ct\": {\"key\": \"status\"}}, \"right\": \"dnat\"}}";

    private static string CtStateNew => "{\"match\": {\"op\": \"in\", \"left\": {\"ct\": {\"key\": \"state\"}}, \"right\": \"new\"}}";

    private static (Decision Decision, int Item) In(ObservedFirewall firewall, string source, int port) => Pick(Decide(firewall, firewall.Ingress, Box(source, "10.0.0.5", port)));

    private static (Decision Decision, int Item) Out(ObservedFirewall firewall, string destination, int port) => Pick(Decide(firewall, firewall.Egress, Box("10.0.0.5", destination, port)));

    private static (Decision, int) Pick((Decision Decision, SourceLocation At, ObservedOutcome _) d)
    {
        string path = d.At.JsonPath!;
        int open = path.IndexOf('[', System.StringComparison.Ordinal);
        return (d.Decision, int.Parse(path.AsSpan(open + 1, path.IndexOf(']', System.StringComparison.Ordinal) - open - 1), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_route_chain_on_output_filters_like_a_filter_chain()
    {
        string text = Ruleset(
            Table("ip", "mangle"),
            Chain("ip", "mangle", "out", "route", "output", -150, "accept"),          // 1
            Rule("ip", "mangle", "out", Dport(25), Drop),                              // 2
            Table("inet", "filter"),
            Chain("inet", "filter", "output", "filter", "output", 0, "accept"),        // 4
            Rule("inet", "filter", "output", Dport(22), Drop));                        // 5
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text);
        Assert.Equal((Decision.Denied, 2), Out(firewall, "192.0.2.10", 25));
        Assert.Equal((Decision.Denied, 5), Out(firewall, "192.0.2.10", 22));
        Assert.Equal((Decision.DefaultPermitted, 4), Out(firewall, "192.0.2.10", 443));
        Assert.Equal(["ip mangle out", "inet filter output"], firewall.Egress.BaseChains.Select(c => c.Chain.Name));
    }

    [Theory]
    [InlineData("\"dormant\"")]
    [InlineData("[\"dormant\"]")]
    public void A_dormant_table_filters_nothing(string flags)
    {
        string text = Ruleset(
            Table("ip", "quiet", flags),                                              // 0
            Chain("ip", "quiet", "input", "filter", "input", 0, "drop"),
            Rule("ip", "quiet", "input", Dport(4118), Drop),
            Table("inet", "filter"),
            Chain("inet", "filter", "input", "filter", "input", 0, "accept"),         // 4
            Rule("inet", "filter", "input", Dport(22), Drop));                        // 5
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text);
        Assert.Equal((Decision.DefaultPermitted, 4), In(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.Denied, 5), In(firewall, "3.69.198.70", 22));
        Assert.Equal("inet filter input", Assert.Single(firewall.Ingress.BaseChains).Chain.Name);
        Assert.Contains(firewall.Notes, n => n.Text == "table ip quiet ignored: it is dormant (flags dormant), so its chains filter nothing");
        Assert.DoesNotContain(firewall.Notes, n => n.Text.Contains("ip quiet input", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Flags_that_are_not_understood_make_what_the_table_decides_uncertain()
    {
        // nft 1.0.6 prints a dormant table's name as its flags ("flags": "quiet"): whether it is
        // dormant (filters nothing) is not known, so its drop is uncertain, never taken as sure.
        string text = Ruleset(
            Table("ip", "quiet", "\"quiet\""),
            Chain("ip", "quiet", "input", "filter", "input", 0, "accept"),
            Rule("ip", "quiet", "input", Dport(4118), Drop));                         // 2
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text);
        Assert.Equal(Decision.NotEvaluated, In(firewall, "3.69.198.70", 4118).Decision);
        Assert.Equal(Decision.DefaultPermitted, In(firewall, "3.69.198.70", 443).Decision); // accepted whether dormant or not
        Assert.Contains(firewall.Notes, n => n.Text.Contains("not understood: the table may be dormant", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Prerouting_postrouting_and_nat_chains_decide_in_hook_then_priority_order()
    {
        string text = Ruleset(
            Table("inet", "filter"),
            Chain("inet", "filter", "input", "filter", "input", 0, "drop"),           // 1
            Rule("inet", "filter", "input", Dport(4118), Accept),                     // 2
            Rule("inet", "filter", "input", Dport(8080), Accept),
            Rule("inet", "filter", "input", Dport(23), Accept),
            Chain("inet", "filter", "pre", "filter", "prerouting", -300, "accept"),
            Rule("inet", "filter", "pre", Address("saddr", "198.51.100.0/24"), Drop),  // 6
            Chain("inet", "filter", "postf", "filter", "postrouting", 200, "accept"), // 7
            Rule("inet", "filter", "postf", Address("daddr", "192.0.2.0/24"), Dport(4119), Drop), // 8
            Table("ip", "nat"),
            Chain("ip", "nat", "pre", "nat", "prerouting", -100, "accept"),
            Rule("ip", "nat", "pre", Dport(8080), "{\"dnat\": {\"addr\": \"10.0.0.2\", \"port\": 80}}"), // 11
            Rule("ip", "nat", "pre", Dport(23), Drop),                                // 12
            Chain("ip", "nat", "post", "nat", "postrouting", 100, "drop"),            // 13
            Rule("ip", "nat", "post", Dport(443), "{\"masquerade\": null}"),
            Rule("ip", "nat", "post", Dport(4119), "{\"snat\": {\"addr\": \"10.0.0.9\"}}"));
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text);
        Assert.Equal(["inet filter pre", "ip nat pre", "inet filter input"], firewall.Ingress.BaseChains.Select(c => c.Chain.Name));
        Assert.Equal(["ip nat post", "inet filter postf"], firewall.Egress.BaseChains.Select(c => c.Chain.Name));
        Assert.Equal((Decision.Denied, 6), In(firewall, "198.51.100.7", 4118));
        Assert.Equal((Decision.Permitted, 2), In(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.NotEvaluated, 11), In(firewall, "3.69.198.70", 8080));
        Assert.Equal((Decision.Denied, 12), In(firewall, "3.69.198.70", 23));           // a drop in a nat chain drops
        Assert.Equal((Decision.DefaultPermitted, 7), Out(firewall, "3.69.198.70", 443));  // masquerade ends nat post; postf's policy
        Assert.Equal((Decision.Denied, 8), Out(firewall, "192.0.2.10", 4119));            // snat ends nat post; postf drops
        Assert.Equal((Decision.DefaultDenied, 13), Out(firewall, "3.69.198.70", 80));     // nat post's policy drop
        Assert.True(firewall.Egress.RepliesAllowed); // nat chains see first packets only
    }

    [Fact]
    public void The_hook_comes_before_the_priority()
    {
        string text = Ruleset(
            Table("inet", "filter"),
            Chain("inet", "filter", "input", "filter", "input", -400, "accept"),
            Rule("inet", "filter", "input", Dport(4118), Accept),
            Chain("inet", "filter", "pre", "filter", "prerouting", 100, "accept"),
            Rule("inet", "filter", "pre", Dport(4118), Drop),                         // 4
            Chain("inet", "filter", "post", "filter", "postrouting", -400, "accept"),
            Rule("inet", "filter", "post", Dport(443), Drop),                          // 6
            Chain("inet", "filter", "output", "filter", "output", 100, "accept"),
            Rule("inet", "filter", "output", Dport(443), Accept));
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text);
        Assert.Equal((Decision.Denied, 4), In(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.Denied, 6), Out(firewall, "3.69.198.70", 443));
        Assert.Equal(["inet filter pre", "inet filter input"], firewall.Ingress.BaseChains.Select(c => c.Chain.Name));
        Assert.Equal(["inet filter output", "inet filter post"], firewall.Egress.BaseChains.Select(c => c.Chain.Name));
    }

    [Fact]
    public void Netdev_chains_come_first_in_ingress_and_last_in_egress_and_decide_only_uncertainly()
    {
        string text = Ruleset(
            Table("netdev", "edge"),
            Chain("netdev", "edge", "ing", "filter", "ingress", -500, "accept", "eth0"), // 1
            Rule("netdev", "edge", "ing", Address("saddr", "203.0.113.66"), Drop),
            Chain("netdev", "edge", "eg", "filter", "egress", 0, "accept", "eth0"),      // 3
            Rule("netdev", "edge", "eg", Dport(25), Drop),
            Chain("netdev", "edge", "loop", "filter", "ingress", 0, "drop", "lo"),       // 5: loopback only
            Table("inet", "filter"),
            Chain("inet", "filter", "input", "filter", "input", 0, "accept"),            // 7
            Chain("inet", "filter", "output", "filter", "output", 0, "accept"),
            Rule("inet", "filter", "output", Dport(22), Drop),                           // 9
            Table("ip6", "v6"),
            Table("bridge", "br"));
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text);
        Assert.Equal(["netdev edge ing (on its device only)"], firewall.Ingress.BaseChains.Select(c => c.Chain.Name));
        Assert.Equal((Decision.NotEvaluated, 1), In(firewall, "203.0.113.66", 4118));
        Assert.Equal(Decision.DefaultPermitted, In(firewall, "3.69.198.70", 4118).Decision);
        Assert.Equal(["inet filter output", "netdev edge eg (on its device only)"], firewall.Egress.BaseChains.Select(c => c.Chain.Name));
        Assert.Equal((Decision.NotEvaluated, 3), Out(firewall, "192.0.2.10", 25));
        Assert.Equal((Decision.Denied, 9), Out(firewall, "192.0.2.10", 22));
        Assert.Contains("sees only the packets of device eth0", firewall.RuleOf(firewall.Ingress.Evaluate(Box("203.0.113.66", "10.0.0.5", 4118))[0].Outcome)!.NotEvaluatedReason, System.StringComparison.Ordinal);
        Assert.Contains(firewall.Notes, n => n.Text.StartsWith("chain netdev edge loop ignored: it sees loopback packets only", System.StringComparison.Ordinal));
        Assert.Contains(firewall.Notes, n => n.Text.StartsWith("table ip6 v6 ignored", System.StringComparison.Ordinal));
        Assert.Contains(firewall.Notes, n => n.Text.StartsWith("table bridge br ignored", System.StringComparison.Ordinal));
        Assert.DoesNotContain(firewall.Notes, n => n.Text.StartsWith("table netdev", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Ct_status_dnat_is_false_when_nothing_translates_destinations()
    {
        string[] filter =
        [
            Table("inet", "filter"),
            Chain("inet", "filter", "input", "filter", "input", 0, "drop"),             // 1
            Rule("inet", "filter", "input", CtStatus("in"), Accept),                    // 2: never
            Rule("inet", "filter", "input", CtStatus("!="), Dport(4118), Accept),       // 3: always
        ];
        ObservedFirewall plain = NftablesJsonReader.Read("t", Ruleset(filter));
        Assert.Equal((Decision.Permitted, 3), In(plain, "3.69.198.70", 4118));
        Assert.Equal((Decision.DefaultDenied, 1), In(plain, "3.69.198.70", 22));
        Assert.Contains(plain.Notes, n => n.Text.Contains("holds for no connection", System.StringComparison.Ordinal));

        ObservedFirewall translated = NftablesJsonReader.Read("t", Ruleset([.. filter,
            Table("ip", "nat"), Chain("ip", "nat", "pre", "nat", "prerouting", -100, "accept"),
            Rule("ip", "nat", "pre", Dport(8080), "{\"dnat\": {\"addr\": \"10.0.0.2\"}}")]));
        Assert.Equal((Decision.NotEvaluated, 2), In(translated, "3.69.198.70", 22));
        Assert.Equal((Decision.NotEvaluated, 2), In(translated, "3.69.198.70", 4118));
    }

    [Fact]
    public void Fib_type_is_local_for_the_hosts_own_address_and_not_known_for_the_remote_one()
    {
        string text = Ruleset(
            Table("inet", "filter"),
            Chain("inet", "filter", "input", "filter", "input", 0, "drop"),             // 1
            Rule("inet", "filter", "input", Fib("[\"daddr\"]", "!=", "local"), Drop),   // 2: never for the host
            Rule("inet", "filter", "input", Fib("[\"daddr\"]", "==", "unicast"), Dport(22), Accept), // 3: never
            Rule("inet", "filter", "input", Fib("[\"daddr\"]", "==", "local"), Dport(4118), Accept), // 4
            Rule("inet", "filter", "input", Fib("[\"saddr\"]", "==", "local"), Dport(4120), Accept), // 5: remote
            Rule("inet", "filter", "input", Fib("[\"daddr\", \"iif\"]", "==", "local"), Dport(4122), Accept), // 6
            Chain("inet", "filter", "output", "filter", "output", 0, "drop"),          // 7
            Rule("inet", "filter", "output", Fib("\"saddr\"", "==", "local"), Dport(443), Accept), // 8
            Rule("inet", "filter", "output", Fib("[\"daddr\"]", "==", "unicast"), Dport(80), Accept)); // 9: remote
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text);
        Assert.Equal((Decision.Permitted, 4), In(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.DefaultDenied, 1), In(firewall, "3.69.198.70", 22));
        Assert.Equal((Decision.NotEvaluated, 5), In(firewall, "3.69.198.70", 4120));
        Assert.Equal((Decision.NotEvaluated, 6), In(firewall, "3.69.198.70", 4122));
        Assert.Equal((Decision.Permitted, 8), Out(firewall, "3.69.198.70", 443));
        Assert.Equal((Decision.NotEvaluated, 9), Out(firewall, "3.69.198.70", 80));
        Assert.Equal((Decision.DefaultDenied, 7), Out(firewall, "3.69.198.70", 25));
    }

    [Fact]
    public void Ct_state_before_connection_tracking_is_not_evaluated()
    {
        string text = Ruleset(
            Table("inet", "filter"),
            Chain("inet", "filter", "raw", "filter", "prerouting", -300, "accept"),
            Rule("inet", "filter", "raw", CtStateNew, Dport(22), Drop),                 // 2: before conntrack
            Chain("inet", "filter", "mangle", "filter", "prerouting", -150, "accept"),
            Rule("inet", "filter", "mangle", CtStateNew, Dport(23), Drop));             // 4: after it
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text);
        Assert.Equal((Decision.NotEvaluated, 2), In(firewall, "3.69.198.70", 22));
        Assert.Equal((Decision.Denied, 4), In(firewall, "3.69.198.70", 23));
        Assert.Equal(Decision.DefaultPermitted, In(firewall, "3.69.198.70", 4118).Decision);
    }

    [Fact]
    public void Notrack_and_iptables_targets_nft_cannot_show_are_not_evaluated()
    {
        string text = Ruleset(
            Table("ip", "raw"),
            Chain("ip", "raw", "pre", "filter", "prerouting", -300, "accept"),
            Rule("ip", "raw", "pre", Dport(4118), "{\"notrack\": null}"),                                       // 2
            Table("ip", "nat"),
            Chain("ip", "nat", "pre", "nat", "prerouting", -100, "accept"),
            Rule("ip", "nat", "pre", Dport(81), "{\"xt\": {\"type\": \"target\", \"name\": \"NETMAP\"}}"), // 5
            Rule("ip", "nat", "pre", Dport(82), "{\"xt\": {\"type\": \"target\", \"name\": \"LOG\"}}"),    // 6: does not decide
            Table("inet", "filter"),
            Chain("inet", "filter", "input", "filter", "input", 0, "drop"),
            Rule("inet", "filter", "input", CtStateNew, Accept));                                                 // 9
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text);
        Assert.Equal((Decision.NotEvaluated, 2), In(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.NotEvaluated, 5), In(firewall, "3.69.198.70", 81));
        Assert.Equal((Decision.Permitted, 9), In(firewall, "3.69.198.70", 82));
        Assert.Contains("notrack leaves the connection untracked", firewall.Rules.Single(r => r.Location.JsonPath == "$.nftables[2].rule").NotEvaluatedReason, StringComparison.Ordinal);
    }
}

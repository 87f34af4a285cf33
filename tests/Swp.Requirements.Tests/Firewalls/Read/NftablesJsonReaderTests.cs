using System;
using System.Linq;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// ruleset.nft.json: `nft -j list ruleset | jq .` of a host with an inet table: two input base
/// chains (prefilter at priority -10 with a blocklist set, input at 0 with policy drop), a
/// regular chain swp reached by a jump, a named set of the manager's subnets, a set that is not
/// in the file, a forward chain, an unused chain and an ip6 table. Each rule's inner object is at
/// column 15 of its line (`      "rule": {`); the paths name the item of the nftables array.
/// </summary>
public class NftablesJsonReaderTests
{
    private static readonly ObservedFirewall Host = ReadSample(Nftables);

    [Theory]
    [InlineData("3.69.198.70", 4118, "tcp", "Permitted", 477, 15, 21)]     // swp: ip saddr @swp_managers tcp dport 4118 accept
    [InlineData("3.121.52.200", 4118, "tcp", "Permitted", 477, 15, 21)]    // the set's second prefix
    [InlineData("203.0.113.66", 4118, "tcp", "Denied", 314, 15, 16)]       // prefilter: ip saddr @blocklist drop
    [InlineData("198.51.100.210", 4118, "tcp", "Denied", 314, 15, 16)]     // the blocklist's range
    [InlineData("198.51.100.7", 4118, "tcp", "DefaultDenied", 18, 16, 2)]  // through swp and the log rule: input's policy drop
    [InlineData("198.51.100.7", 4120, "tcp", "Denied", 514, 15, 22)]       // ip saddr != 10.0.0.0/8 tcp dport { 4119, 4120, 4122 } reject
    [InlineData("10.1.2.3", 4120, "tcp", "Permitted", 562, 15, 23)]        // tcp dport { 4119-4120, 4122 } accept
    [InlineData("10.0.0.5", 22, "tcp", "NotEvaluated", 345, 15, 17)]       // prefilter: ip saddr @sshguard_attackers, not in the file
    [InlineData("10.0.0.9", 514, "udp", "NotEvaluated", 597, 15, 24)]      // iifname "eth1"
    public void Ingress_decisions_and_their_json_objects(string source, int port, string protocol, string decision, int line, int column, int item)
    {
        (Decision actual, SourceLocation at, _) = Decide(Host, Host.Ingress, Box(source, "any", port, protocol));
        Assert.Equal(Enum.Parse<Decision>(decision), actual);
        string path = item == 2 ? "$.nftables[2].chain" : "$.nftables[" + item + "].rule";
        Assert.Equal(new SourceLocation(line, column, path), at);
    }

    [Theory]
    [InlineData("192.0.2.10", 25, "Denied", 433, 15, "$.nftables[20].rule")]
    [InlineData("3.69.198.70", 443, "DefaultPermitted", 54, 16, "$.nftables[5].chain")]
    public void Egress_decisions_and_their_json_objects(string destination, int port, string decision, int line, int column, string path)
    {
        (Decision actual, SourceLocation at, _) = Decide(Host, Host.Egress, Box("any", destination, port));
        Assert.Equal(Enum.Parse<Decision>(decision), actual);
        Assert.Equal(new SourceLocation(line, column, path), at);
    }

    [Fact]
    public void Two_input_base_chains_run_in_priority_order_and_both_must_accept()
    {
        Assert.Equal(["inet filter prefilter", "inet filter input"], Host.Ingress.BaseChains.Select(c => c.Chain.Name));
        Assert.True(Host.Ingress.BaseChains[0].DefaultPermits);
        Assert.False(Host.Ingress.BaseChains[1].DefaultPermits);
        Assert.Equal("policy drop of chain inet filter input (hook input, priority 0)", Host.Ingress.BaseChains[1].DefaultText);

        // prefilter accepts (its policy), then input decides: the final word is input's.
        (_, _, ObservedOutcome outcome) = Decide(Host, Host.Ingress, Box("3.69.198.70", "any", 4118));
        Assert.Same(Host.Ingress.BaseChains[1], outcome.BaseChain);
        (_, _, outcome) = Decide(Host, Host.Ingress, Box("203.0.113.66", "any", 4118));
        Assert.Same(Host.Ingress.BaseChains[0], outcome.BaseChain);
    }

    [Fact]
    public void Ignored_objects_and_rules_are_noted_at_their_json_objects()
    {
        Assert.Contains("chain inet filter forward ignored: hook forward", NotesAt(Host, 42), StringComparison.Ordinal);
        Assert.Contains("chain inet filter unused ignored: no jump", NotesAt(Host, 74), StringComparison.Ordinal);
        Assert.Contains("table ip6 filter ignored: IPv6 only", NotesAt(Host, 646), StringComparison.Ordinal);
        Assert.Contains("iifname lo matches loopback traffic only", NotesAt(Host, 129), StringComparison.Ordinal);
        Assert.Contains("has no entry for new connections", NotesAt(Host, 153), StringComparison.Ordinal);
        Assert.Contains("limit: a rate limit matches only some packets", NotesAt(Host, 218), StringComparison.Ordinal);
        Assert.Contains("it has no verdict", NotesAt(Host, 293), StringComparison.Ordinal);
        Assert.Contains("set @sshguard_attackers is not in the file", NotesAt(Host, 345), StringComparison.Ordinal);
        Assert.Contains("iifname eth1: the interface a flow arrives on is not known", NotesAt(Host, 597), StringComparison.Ordinal);
        Assert.Empty(NotesAt(Host, 477));
        Assert.DoesNotContain(Host.Rules, r => r.Location.Line is 382 or 633 or 665);
        Assert.All(Host.Notes, n => Assert.NotNull(n.Location.JsonPath));
        AssertNotEvaluatedRulesAreNoted(Host);
    }

    [Fact]
    public void Rules_read_as_nft_writes_them()
    {
        ObservedRule rule = Assert.Single(Host.Rules, r => r.Location.Line == 514);
        Assert.Equal("ip saddr != 10.0.0.0/8 tcp dport { 4119, 4120, 4122 } reject", rule.Text);
        Assert.Equal("inet filter swp", rule.Chain);
        ObservedRule jump = Assert.Single(Host.Rules, r => r.Action == RuleAction.Jump);
        Assert.Equal(("swp", "jump swp"), (jump.Target, jump.Text));
    }

    [Fact]
    public void Replies_are_allowed_by_the_ct_state_verdict_map_in_every_input_chain()
    {
        Assert.True(Host.Ingress.RepliesAllowed);
        Assert.Contains("in every base chain", Host.Ingress.RepliesText, StringComparison.Ordinal);
        Assert.Contains("ct state vmap", Host.Ingress.RepliesText, StringComparison.Ordinal);
        Assert.Contains("@blocklist", Host.Ingress.RepliesText, StringComparison.Ordinal); // prefilter's drops are named
        Assert.True(Host.Egress.RepliesAllowed);
    }

    [Fact]
    public void Compact_output_is_read_too_with_named_sets_ranges_and_comparisons()
    {
        const string text = """{"nftables":[{"metainfo":{"version":"1.0.9","release_name":"Old Doc Yak #3","json_schema_version":1}},{"table":{"family":"ip","name":"fw","handle":1}},{"chain":{"family":"ip","table":"fw","name":"in","handle":1,"type":"filter","hook":"input","prio":0,"policy":"drop"}},{"set":{"family":"ip","name":"ports","table":"fw","type":"inet_service","handle":2,"flags":["interval"],"elem":[{"range":[4118,4122]}]}},{"rule":{"family":"ip","table":"fw","chain":"in","handle":3,"expr":[{"match":{"op":"==","left":{"meta":{"key":"l4proto"}},"right":{"set":["tcp","udp"]}}},{"match":{"op":"==","left":{"payload":{"protocol":"th","field":"dport"}},"right":"@ports"}},{"match":{"op":"<","left":{"payload":{"protocol":"ip","field":"saddr"}},"right":"128.0.0.0"}},{"accept":null}]}}]}""";
        ObservedFirewall firewall = NftablesJsonReader.Read("t", text);
        (Decision decision, SourceLocation at, _) = Decide(firewall, firewall.Ingress, Box("3.69.198.70", "any", 4120, "udp"));
        Assert.Equal(Decision.Permitted, decision);
        Assert.Equal(new SourceLocation(1, 415, "$.nftables[4].rule"), at);
        Assert.Equal(Decision.DefaultDenied, Decide(firewall, firewall.Ingress, Box("192.0.2.1", "any", 4120, "udp")).Decision);
        Assert.Equal(Decision.DefaultDenied, Decide(firewall, firewall.Ingress, Box("3.69.198.70", "any", 4123)).Decision);
        Assert.Equal("(no output chain)", Assert.Single(firewall.Egress.BaseChains).Chain.Name);
        Assert.Equal(Decision.DefaultPermitted, Decide(firewall, firewall.Egress, Box("any", "any", 1)).Decision);
        Assert.False(firewall.Ingress.RepliesAllowed);
    }

    [Theory]
    [InlineData("{\n  \"nftables\": [\n    {\"table\": {\"family\": \"inet\"", 3, 32, "not nft -j list ruleset JSON")]
    [InlineData("{\"nftables\": [{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\", \"expr\": []}}]}", 1, 24, "which the file does not list")]
    [InlineData("{\"nftables\": [{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"c\"}},\n{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\", \"expr\": [{\"jump\": {\"target\": \"nowhere\"}}]}}]}", 2, 86, "jump to chain nowhere")]
    [InlineData("{\"nftables\": {}}", 1, 14, "'nftables' must be an array")]
    [InlineData("[]", 1, 1, "expected an object with an 'nftables' array")]
    [InlineData("{\"nftables\": [{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"c\", \"type\": \"filter\", \"hook\": \"input\"}},\n{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\", \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, \"right\": \"10.0.0.256\"}}, {\"accept\": null}]}}]}", 2, 157, "not an IPv4 address")]
    public void Unreadable_input_is_refused_at_its_line_and_column(string text, int line, int column, string message)
    {
        FirewallReadException e = Assert.Throws<FirewallReadException>(() => NftablesJsonReader.Read("t", text));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}

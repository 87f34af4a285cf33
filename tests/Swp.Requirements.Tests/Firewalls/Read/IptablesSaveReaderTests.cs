using System.Linq;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// docker-host.iptables-save: a Docker host's iptables-save (nat table, FORWARD and Docker's
/// chains, INPUT policy DROP, a user chain SWP-IN with `! -s` and `-m multiport`). Every
/// expectation is read off the file by hand: line 18 is `:INPUT DROP`, line 48 the SWP-IN accept
/// of 4118, and so on.
/// </summary>
public class IptablesSaveReaderTests
{
    private static readonly ObservedFirewall Host = ReadSample(Iptables);

    [Theory]
    [InlineData("3.69.198.70", 4118, "tcp", "Permitted", 48)]     // SWP-IN: -s 3.69.198.64/27 --dport 4118 ACCEPT
    [InlineData("198.51.100.7", 4118, "tcp", "DefaultDenied", 18)] // through SWP-IN, RETURN, LOG (no effect): :INPUT DROP
    [InlineData("203.0.113.66", 4118, "tcp", "Denied", 30)]       // -s 203.0.113.66/32 -j DROP before the jump
    [InlineData("198.51.100.7", 4120, "tcp", "Denied", 49)]       // ! -s 10.0.0.0/8 --dports 4119,4120,4122 REJECT
    [InlineData("10.1.2.3", 4120, "tcp", "Permitted", 50)]        // not rejected (in 10/8): the multiport accept
    [InlineData("198.51.100.7", 5275, "tcp", "Permitted", 50)]    // 5274:5275 in the accept, not in the reject
    [InlineData("10.0.0.5", 22, "tcp", "NotEvaluated", 31)]       // -m set --match-set admins
    [InlineData("10.0.0.9", 514, "udp", "NotEvaluated", 51)]      // -i eth1
    [InlineData("10.0.0.9", 8443, "tcp", "NotEvaluated", 52)]     // --sport 1024:65535
    [InlineData("10.0.0.9", 4118, "udp", "DefaultDenied", 18)]
    public void Ingress_decisions_and_their_lines(string source, int port, string protocol, string decision, int line)
    {
        (Decision actual, SourceLocation at, _) = Decide(Host, Host.Ingress, Box(source, "any", port, protocol));
        Assert.Equal(System.Enum.Parse<Decision>(decision), actual);
        Assert.Equal(new SourceLocation(line, 1), at);
    }

    [Theory]
    [InlineData("192.0.2.10", 25, "Denied", 41)]              // -A OUTPUT -d 192.0.2.0/24 --dport 25 REJECT
    [InlineData("3.69.198.70", 443, "DefaultPermitted", 6)]   // :OUTPUT ACCEPT, then nat POSTROUTING (the last base chain): :POSTROUTING ACCEPT
    [InlineData("192.0.2.10", 26, "DefaultPermitted", 6)]
    [InlineData("192.0.2.10", 8080, "NotEvaluated", 9)]       // nat OUTPUT: --dst-type LOCAL of a remote address is not known, and DOCKER DNATs 8080
    public void Egress_decisions_and_their_lines(string destination, int port, string decision, int line)
    {
        // From the host's own address (not Docker's 172.17.0.0/16, which nat POSTROUTING masquerades).
        (Decision actual, SourceLocation at, _) = Decide(Host, Host.Egress, Box("10.0.0.5", destination, port));
        Assert.Equal(System.Enum.Parse<Decision>(decision), actual);
        Assert.Equal(new SourceLocation(line, 1), at);
    }

    [Fact]
    public void The_policies_are_the_defaults_of_the_base_chains_with_rules_in_the_kernels_order()
    {
        // nat INPUT has no rule and policy ACCEPT: it changes nothing and is left out.
        Assert.Equal(["nat PREROUTING", "INPUT"], Host.Ingress.BaseChains.Select(c => c.Chain.Name));
        ObservedBaseChain input = Host.Ingress.BaseChains[1];
        Assert.False(input.DefaultPermits);
        Assert.Equal("policy DROP of chain INPUT", input.DefaultText);
        Assert.Equal("policy ACCEPT of chain nat PREROUTING", Host.Ingress.BaseChains[0].DefaultText);
        Assert.Equal(["nat OUTPUT", "OUTPUT", "nat POSTROUTING"], Host.Egress.BaseChains.Select(c => c.Chain.Name));
        ObservedBaseChain output = Host.Egress.BaseChains[1];
        Assert.True(output.DefaultPermits);
        Assert.Equal(new SourceLocation(20, 1), output.DefaultLocation);
    }

    [Fact]
    public void A_range_of_sources_splits_into_what_each_rule_decides()
    {
        var outcomes = Host.Ingress.Evaluate(Box("any", "any", 4118));
        Assert.Equal(Verdict.PartlyAllowed, CoverageEngine.Summarize(outcomes.Select(o => o.Outcome).ToList()));
        ObservedOutcome permitted = Assert.Single(outcomes, o => o.Outcome.IsPermitted);
        Assert.Equal(Addresses("3.69.198.64/27"), permitted.Outcome.Packets.Sources);
        ObservedOutcome denied = Assert.Single(outcomes, o => o.Outcome.Decision == Decision.Denied);
        Assert.Equal(Addresses("203.0.113.66"), denied.Outcome.Packets.Sources);
    }

    [Fact]
    public void Rules_are_listed_with_their_text_action_and_chain()
    {
        ObservedRule jump = Assert.Single(Host.Rules, r => r.Location.Line == 32);
        Assert.Equal(RuleAction.Jump, jump.Action);
        Assert.Equal("SWP-IN", jump.Target);
        Assert.Equal("-A INPUT -j SWP-IN", jump.Text);
        ObservedRule reject = Assert.Single(Host.Rules, r => r.Location.Line == 49);
        Assert.Equal(RuleAction.Deny, reject.Action);
        Assert.Equal("SWP-IN", reject.Chain);
        Assert.All(Host.Rules, r => Assert.Equal(r, Host.Rules[r.Id]));
    }

    [Fact]
    public void Ignored_tables_chains_and_rules_are_noted_at_their_lines()
    {
        Assert.Empty(NotesAt(Host, 2)); // the nat table is read
        Assert.Contains("-i docker0: the interface a flow arrives on is not known", NotesAt(Host, 12), System.StringComparison.Ordinal);
        Assert.Contains("-j DNAT changes the destination", NotesAt(Host, 13), System.StringComparison.Ordinal);
        Assert.Contains("--dst-type LOCAL: the type of the remote destination depends on the routing table", NotesAt(Host, 9), System.StringComparison.Ordinal);
        Assert.Empty(NotesAt(Host, 8)); // ingress --dst-type LOCAL: the host's own address, true
        Assert.Contains("chain FORWARD ignored", NotesAt(Host, 19), System.StringComparison.Ordinal);
        foreach (int line in new[] { 21, 22, 23, 24 })
        {
            Assert.Contains("ignored: no jump from INPUT or OUTPUT reaches it", NotesAt(Host, line), System.StringComparison.Ordinal);
        }

        Assert.Contains("-i lo matches loopback traffic only", NotesAt(Host, 26), System.StringComparison.Ordinal);
        Assert.Contains("--ctstate RELATED,ESTABLISHED matches no new connection's first packet (it lets replies through)", NotesAt(Host, 27), System.StringComparison.Ordinal);
        Assert.Contains("--ctstate INVALID matches no new connection's first packet", NotesAt(Host, 28), System.StringComparison.Ordinal);
        Assert.Contains("rule not evaluated: --icmp-type 8: ICMP types are not modelled", NotesAt(Host, 29), System.StringComparison.Ordinal);
        Assert.Contains("-m set --match-set admins: ipset contents are not in the file", NotesAt(Host, 31), System.StringComparison.Ordinal);
        Assert.Contains("-j LOG does not decide", NotesAt(Host, 33), System.StringComparison.Ordinal);
        Assert.Contains("-i eth1: the interface a flow arrives on is not known", NotesAt(Host, 51), System.StringComparison.Ordinal);
        Assert.Contains("--sport 1024:65535: source ports are chosen by the client", NotesAt(Host, 52), System.StringComparison.Ordinal);
        Assert.Empty(NotesAt(Host, 48));
        Assert.DoesNotContain(Host.Rules, r => r.Location.Line is >= 34 and <= 39 or >= 42 and <= 47);
        AssertNotEvaluatedRulesAreNoted(Host);
    }

    [Fact]
    public void Replies_are_allowed_by_the_conntrack_accept_and_by_the_output_policy()
    {
        Assert.True(Host.Ingress.RepliesAllowed);
        Assert.Equal(new SourceLocation(27, 1), Host.Ingress.RepliesLocation);
        Assert.True(Host.Egress.RepliesAllowed);
        Assert.Equal(new SourceLocation(20, 1), Host.Egress.RepliesLocation);
        Assert.Contains("41:1 -A OUTPUT -d 192.0.2.0/24", Host.Egress.RepliesText, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Replies_are_not_allowed_when_a_drop_of_everything_comes_first()
    {
        const string text = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -m state --state ESTABLISHED -j ACCEPT\nCOMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.False(firewall.Ingress.RepliesAllowed);
        Assert.Equal(new SourceLocation(4, 1), firewall.Ingress.RepliesLocation);
        Assert.Equal(Decision.Permitted, Decide(firewall, firewall.Ingress, Box("any", "any", 22)).Decision);
        Assert.Equal(Decision.Denied, Decide(firewall, firewall.Ingress, Box("any", "any", 23)).Decision);
    }

    [Fact]
    public void A_goto_does_not_come_back_but_a_jump_does()
    {
        const string text = "*filter\n:INPUT DROP [0:0]\n:G - [0:0]\n-A INPUT -p tcp -g G\n-A INPUT -p tcp -j ACCEPT\n-A G -s 10.0.0.0/8 -j ACCEPT\nCOMMIT\n";
        ObservedFirewall gotoFirewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.DefaultDenied, new SourceLocation(2, 1)), Pick(Decide(gotoFirewall, gotoFirewall.Ingress, Box("192.0.2.1", "any", 443))));
        Assert.Equal((Decision.Permitted, new SourceLocation(6, 1)), Pick(Decide(gotoFirewall, gotoFirewall.Ingress, Box("10.1.1.1", "any", 443))));
        Assert.True(gotoFirewall.Rules[0].IsGoto);

        ObservedFirewall jumpFirewall = IptablesSaveReader.Read("t", text.Replace("-g G", "-j G", System.StringComparison.Ordinal));
        Assert.Equal((Decision.Permitted, new SourceLocation(5, 1)), Pick(Decide(jumpFirewall, jumpFirewall.Ingress, Box("192.0.2.1", "any", 443))));

        static (Decision, SourceLocation) Pick((Decision Decision, SourceLocation At, ObservedOutcome _) d) => (d.Decision, d.At);
    }

    [Fact]
    public void Loopback_negation_states_and_counters_read_as_iptables_does()
    {
        const string text = "# Generated by iptables-save v1.8.9\n*filter\n:INPUT DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "[5:300] -A INPUT ! -i lo -p tcp -m state --state NEW -m tcp ! --dport 1:1023 -j ACCEPT\n"
            + "-A INPUT -p udp -m udp --dport 53 -m conntrack ! --ctstate INVALID -j ACCEPT\n"
            + "-A INPUT -s 10.0.0.0/8,192.168.0.0/16 ! -p tcp -j ACCEPT\nCOMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.Permitted, new SourceLocation(5, 9)), (Decide(firewall, firewall.Ingress, Box("any", "any", 4118)).Decision, Decide(firewall, firewall.Ingress, Box("any", "any", 4118)).At));
        Assert.Equal(Decision.DefaultDenied, Decide(firewall, firewall.Ingress, Box("any", "any", 443)).Decision);
        Assert.Equal(new SourceLocation(6, 1), Decide(firewall, firewall.Ingress, Box("any", "any", 53, "udp")).At);
        Assert.Equal(new SourceLocation(7, 1), Decide(firewall, firewall.Ingress, Box("192.168.4.4", "any", 161, "udp")).At);
        Assert.Equal(Decision.DefaultDenied, Decide(firewall, firewall.Ingress, Box("192.168.4.4", "any", 80, "tcp")).Decision);
        Assert.Empty(firewall.Notes);
    }

    [Fact]
    public void Chains_and_policies_may_also_be_set_by_commands()
    {
        const string text = "*filter\n-N SWP\n  -P INPUT DROP\n-A INPUT -j SWP\n-A SWP -p tcp --dport 4118 -j ACCEPT\nCOMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal(new SourceLocation(5, 1), Decide(firewall, firewall.Ingress, Box("any", "any", 4118)).At);
        (Decision decision, SourceLocation at, _) = Decide(firewall, firewall.Ingress, Box("any", "any", 80));
        Assert.Equal((Decision.DefaultDenied, new SourceLocation(3, 3)), (decision, at));
        Assert.Equal((Decision.DefaultPermitted, new SourceLocation(1, 1)), (Decide(firewall, firewall.Egress, Box("any", "any", 80)).Decision, firewall.Egress.BaseChains[0].DefaultLocation));
        ReaderNote note = Assert.Single(firewall.Notes);
        Assert.Equal("chain OUTPUT has no policy line: ACCEPT (the kernel's default) assumed", note.Text);
    }

    [Fact]
    public void A_file_without_a_filter_table_filters_nothing()
    {
        ObservedFirewall firewall = IptablesSaveReader.Read("t", "*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n");
        Assert.Equal(Decision.DefaultPermitted, Decide(firewall, firewall.Ingress, Box("any", "any", 4118)).Decision);
        Assert.Contains(firewall.Notes, n => n.Text.StartsWith("no *filter table", System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-A INPUT -j ACCEPT\n*filter\n:INPUT DROP [0:0]\nCOMMIT\n", 1, 1, "outside a table")]
    [InlineData("*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -j NOPE\nCOMMIT\n", 3, 20, "no chain NOPE is declared")]
    [InlineData("*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\n", 4, 1, "has no COMMIT: the file is truncated")]
    [InlineData("*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n", 6, 9, "closes a loop")]
    [InlineData("*filter\n:INPUT DROP [0:0]\n-A INPUT -s 10.0.0.300/8 -j ACCEPT\nCOMMIT\n", 3, 13, "not an IPv4 address")]
    [InlineData("*filter\n:INPUT DROP [0:0]\n-A INPUT -s 2001:db8::/32 -j ACCEPT\nCOMMIT\n", 3, 13, "ip6tables-save")]
    [InlineData("*filter\n:INPUT DROP [0:0]\n-A DOCKER -j ACCEPT\nCOMMIT\n", 3, 4, "chain DOCKER is not declared")]
    [InlineData("*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 70000 -j ACCEPT\nCOMMIT\n", 3, 25, "not a port")]
    [InlineData("*filter\n:INPUT DROP [0:0]\n-A INPUT -m comment --comment \"open -j ACCEPT\nCOMMIT\n", 3, 31, "quote that is not closed")]
    [InlineData("*filter\n:INPUT DROP [0:0]\nCOMMIT\n*filter\nCOMMIT\n", 4, 1, "a second *filter table")]
    [InlineData("*filter\n:INPUT MAYBE [0:0]\nCOMMIT\n", 2, 8, "ACCEPT or DROP")]
    [InlineData("*filter\n:INPUT DROP [0:0]\n-I INPUT -j ACCEPT\nCOMMIT\n", 3, 1, "not a command iptables-save writes")]
    public void Unreadable_input_is_refused_at_its_line_and_column(string text, int line, int column, string message)
    {
        FirewallReadException e = Assert.Throws<FirewallReadException>(() => IptablesSaveReader.Read("t", text));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(message, e.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-A SWP-IN -s 3.69.198.64/27 garbage -p tcp --dport 4118 -j ACCEPT", 29, "'garbage' after -s 3.69.198.64/27: -s takes one value")]
    [InlineData("-A INPUT -p tcp --dport 4118 --dport 22 -j ACCEPT", 30, "multiple --dport flags not allowed")]
    [InlineData("-A INPUT -p tcp --dport 22 --destination-port 23 -j ACCEPT", 28, "multiple --destination-port flags not allowed")]
    [InlineData("-A INPUT -s 10.0.0.0/8 ! -s 10.1.0.0/16 -j ACCEPT", 26, "multiple -s flags not allowed")]
    [InlineData("-A INPUT -m conntrack --ctstate NEW --ctstate NEW -j ACCEPT", 37, "multiple --ctstate flags not allowed")]
    [InlineData("-A INPUT -p tcp --syn 22 -j ACCEPT", 23, "'22' after --syn: --syn takes no value")]
    [InlineData("-A INPUT -p tcp --dport 4118 -j ACCEPT --bogus-opt x", 40, "'--bogus-opt' after -j ACCEPT: ACCEPT takes no options")]
    [InlineData("-A INPUT -p tcp --dport 4118 -j ACCEPT 18.96.34.160/27", 40, "'18.96.34.160/27' after -j ACCEPT: -j takes one value")]
    [InlineData("-A INPUT -p tcp -j DROP --reject-with tcp-reset", 25, "'--reject-with' after -j DROP: DROP takes no options")]
    [InlineData("-A INPUT -j SWP-IN --log-prefix x", 20, "'--log-prefix' after -j SWP-IN: a jump to a chain takes no options")]
    public void Words_iptables_restore_refuses_are_refused_where_they_stand(string rule, int column, string message)
    {
        string text = "*filter\n:INPUT DROP [0:0]\n:SWP-IN - [0:0]\n-A INPUT -s 192.0.2.1 -j SWP-IN\n" + rule + "\nCOMMIT\n";
        FirewallReadException e = Assert.Throws<FirewallReadException>(() => IptablesSaveReader.Read("t", text));
        Assert.Equal((5, column), (e.Line, e.Column));
        Assert.Contains(message, e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_keep_their_own_options_and_separate_matches_may_repeat_an_option()
    {
        const string text = "*filter\n:INPUT DROP [0:0]\n"
            + "-A INPUT -p tcp -m tcp --dport 4118 -m tcp --dport 4118 -j LOG --log-prefix \"swp in: \" --log-level 4\n"
            + "-A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j REJECT --reject-with tcp-reset\n"
            + "-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN --dport 4118 -j ACCEPT\n"
            + "COMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.Denied, new SourceLocation(4, 1)), (Decide(firewall, firewall.Ingress, Box("any", "any", 22)).Decision, Decide(firewall, firewall.Ingress, Box("any", "any", 22)).At));
        Assert.Equal((Decision.Permitted, new SourceLocation(5, 1)), (Decide(firewall, firewall.Ingress, Box("any", "any", 4118)).Decision, Decide(firewall, firewall.Ingress, Box("any", "any", 4118)).At));
    }

    [Theory]
    [InlineData("-A FORWARD -o docker0 garbage -j ACCEPT", 23, "'garbage' after -o docker0: -o takes one value")]
    [InlineData("-A FORWARD -o docker0 -j ACCEPT --bogus-opt x", 33, "'--bogus-opt' after -j ACCEPT: ACCEPT takes no options")]
    [InlineData("-A UNUSED -d 172.17.0.300/32 -j ACCEPT", 14, "not an IPv4 address")]
    public void Rules_of_ignored_chains_are_checked_too_as_iptables_restore_loads_them(string rule, int column, string message)
    {
        string text = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:UNUSED - [0:0]\n" + rule + "\nCOMMIT\n";
        FirewallReadException e = Assert.Throws<FirewallReadException>(() => IptablesSaveReader.Read("t", text));
        Assert.Equal((5, column), (e.Line, e.Column));
        Assert.Contains(message, e.Message, System.StringComparison.Ordinal);
    }
}

using System.Linq;
using Swp.Requirements.Coverage;
using Swp.Requirements.Firewalls.Read;
using static Swp.Requirements.Tests.Firewalls.Read.ReadTesting;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// Every iptables table that can drop a host's own connection's first packet decides, in the
/// kernel's order (ingress: raw, mangle, nat PREROUTING, mangle INPUT, filter INPUT, security
/// INPUT, nat INPUT; egress: raw, mangle, nat, filter, security OUTPUT, mangle and nat
/// POSTROUTING). The expected verdicts are derived by hand from netfilter's semantics
/// (iptables(8), iptables-extensions(8)): the line numbers are those of the texts below.
/// </summary>
public class IptablesTablesTests
{
    private static (Decision Decision, int Line) Ingress(ObservedFirewall firewall, string source, int port, string protocol = "tcp")
    {
        (Decision decision, SourceLocation at, _) = Decide(firewall, firewall.Ingress, Box(source, "10.0.0.5", port, protocol));
        return (decision, at.Line);
    }

    private static (Decision Decision, int Line) Egress(ObservedFirewall firewall, string destination, int port, string protocol = "tcp")
    {
        (Decision decision, SourceLocation at, _) = Decide(firewall, firewall.Egress, Box("10.0.0.5", destination, port, protocol));
        return (decision, at.Line);
    }

    [Fact]
    public void A_drop_in_mangle_prerouting_or_postrouting_blocks_what_filter_accepts()
    {
        const string text = "*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
            + "-A PREROUTING -s 198.51.100.0/24 -p tcp -m tcp --dport 4118 -j DROP\n"   // 7
            + "-A POSTROUTING -d 192.0.2.0/24 -p tcp -m tcp --dport 443 -j DROP\n"      // 8
            + "COMMIT\n*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -p tcp -m tcp --dport 4118 -j ACCEPT\nCOMMIT\n";                // 14
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.Denied, 7), Ingress(firewall, "198.51.100.7", 4118));
        Assert.Equal((Decision.Permitted, 14), Ingress(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.Denied, 8), Egress(firewall, "192.0.2.10", 443));
        Assert.Equal((Decision.DefaultPermitted, 6), Egress(firewall, "3.69.198.70", 443)); // filter OUTPUT is empty and accepts: left out
        Assert.Equal(["mangle PREROUTING", "INPUT"], firewall.Ingress.BaseChains.Select(c => c.Chain.Name));
        Assert.Equal(["mangle POSTROUTING"], firewall.Egress.BaseChains.Select(c => c.Chain.Name));
        Assert.DoesNotContain(firewall.Notes, n => n.Text.StartsWith("table mangle ignored", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Policies_of_raw_mangle_and_security_chains_decide_and_an_accept_ends_only_its_own_chain()
    {
        const string text = "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A PREROUTING -p tcp -m tcp --dport 4118 -j ACCEPT\nCOMMIT\n"            // 4: ends raw only
            + "*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT DROP [0:0]\n:POSTROUTING ACCEPT [0:0]\n" // 10: OUTPUT DROP
            + "-A OUTPUT -p tcp -m tcp --dport 443 -j ACCEPT\nCOMMIT\n"                 // 12
            + "*security\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -p tcp -m tcp --dport 4120 -j DROP\nCOMMIT\n"                   // 18: after filter INPUT's accept
            + "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"  // 21: INPUT DROP
            + "-A INPUT -p tcp -m tcp --dport 4120 -j ACCEPT\nCOMMIT\n";               // 24
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.DefaultDenied, 21), Ingress(firewall, "3.69.198.70", 4118)); // raw's ACCEPT does not skip filter
        Assert.Equal((Decision.Denied, 18), Ingress(firewall, "3.69.198.70", 4120));        // filter accepts, security drops
        Assert.Equal((Decision.Permitted, 12), Egress(firewall, "3.69.198.70", 443));       // mangle accepts; the empty accepting chains after it are left out
        Assert.Equal((Decision.DefaultDenied, 10), Egress(firewall, "3.69.198.70", 80));     // mangle OUTPUT policy DROP
        Assert.Equal(["raw PREROUTING", "INPUT", "security INPUT"], firewall.Ingress.BaseChains.Select(c => c.Chain.Name));
        Assert.Equal("policy DROP of chain mangle OUTPUT", firewall.Egress.BaseChains[0].DefaultText);
        Assert.False(firewall.Egress.RepliesAllowed); // mangle OUTPUT drops every reply no rule accepts
    }

    /// <summary>What iptables-save v1.8.9 (nf_tables) printed in a private network namespace after iptables-restore of these rules: its own table order and spelling.</summary>
    private const string RealSave =
            "*mangle\n"
            + ":PREROUTING ACCEPT [0:0]\n"
            + ":INPUT ACCEPT [0:0]\n"
            + ":FORWARD ACCEPT [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\n"
            + ":POSTROUTING ACCEPT [0:0]\n"
            + "-A PREROUTING -p tcp -m comment --comment x -m tcp --dport 9100 -j DROP\n"
            + "-A OUTPUT -p tcp -m tcp --dport 443 -j MARK --set-xmark 0x1/0xffffffff\n"
            + "-A POSTROUTING -p tcp -m addrtype --src-type LOCAL -m tcp --dport 25 -j DROP\n"
            + "COMMIT\n"
            + "*security\n"
            + ":INPUT ACCEPT [0:0]\n"
            + ":FORWARD ACCEPT [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\n"
            + "COMMIT\n"
            + "*raw\n"
            + ":PREROUTING ACCEPT [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\n"
            + "-A PREROUTING -p udp -m udp --dport 53 -j NOTRACK\n"
            + "-A PREROUTING -p tcp -m tcp --dport 4120 -j CT --notrack\n"
            + "COMMIT\n"
            + "*filter\n"
            + ":INPUT DROP [0:0]\n"
            + ":FORWARD DROP [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
            + "-A INPUT -p tcp -m tcp --dport 4118 -j ACCEPT\n"
            + "COMMIT\n"
            + "*nat\n"
            + ":PREROUTING ACCEPT [0:0]\n"
            + ":INPUT ACCEPT [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\n"
            + ":POSTROUTING ACCEPT [0:0]\n"
            + "-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80\n"
            + "-A POSTROUTING -o eth0 -j MASQUERADE\n"
            + "COMMIT\n";

    [Fact]
    public void A_real_export_of_every_table_decides_in_the_kernels_order()
    {
        ObservedFirewall firewall = IptablesSaveReader.Read("t", RealSave);
        Assert.Equal((Decision.Permitted, 27), Ingress(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.NotEvaluated, 20), Ingress(firewall, "3.69.198.70", 4120));     // raw CT --notrack
        Assert.Equal((Decision.NotEvaluated, 19), Ingress(firewall, "3.69.198.70", 53, "udp")); // raw NOTRACK
        Assert.Equal((Decision.Denied, 7), Ingress(firewall, "3.69.198.70", 9100));            // mangle PREROUTING
        Assert.Equal((Decision.NotEvaluated, 34), Ingress(firewall, "3.69.198.70", 8080));     // nat DNAT
        Assert.Equal((Decision.DefaultDenied, 23), Ingress(firewall, "3.69.198.70", 80));
        Assert.Equal((Decision.Denied, 9), Egress(firewall, "3.69.198.70", 25));               // --src-type LOCAL: the host's own source
        Assert.Equal((Decision.DefaultPermitted, 33), Egress(firewall, "3.69.198.70", 443));   // MARK decides nothing; MASQUERADE -o eth0 accepts either way
        Assert.Equal(["raw PREROUTING", "mangle PREROUTING", "nat PREROUTING", "INPUT"], firewall.Ingress.BaseChains.Select(c => c.Chain.Name));
        Assert.Equal(["mangle POSTROUTING", "nat POSTROUTING"], firewall.Egress.BaseChains.Select(c => c.Chain.Name));
        Assert.True(firewall.Ingress.RepliesAllowed);
    }

    [Fact]
    public void A_user_chain_belongs_to_its_table()
    {
        const string text = "*mangle\n:PREROUTING ACCEPT [0:0]\n:X - [0:0]\n-A PREROUTING -j X\n"
            + "-A X -p tcp -m tcp --dport 22 -j DROP\nCOMMIT\n"                        // 5
            + "*filter\n:INPUT DROP [0:0]\n:X - [0:0]\n-A INPUT -j X\n"
            + "-A X -p tcp -m tcp --dport 4118 -j ACCEPT\nCOMMIT\n";                   // 11
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.Denied, 5), Ingress(firewall, "3.69.198.70", 22));
        Assert.Equal((Decision.Permitted, 11), Ingress(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.DefaultDenied, 8), Ingress(firewall, "3.69.198.70", 80));
        Assert.Equal("mangle X", Assert.Single(firewall.Rules, r => r.Location.Line == 5).Chain);
        Assert.Equal("-t mangle -A X -p tcp -m tcp --dport 22 -j DROP", Assert.Single(firewall.Rules, r => r.Location.Line == 5).Text);
        Assert.Equal("X", Assert.Single(firewall.Rules, r => r.Location.Line == 11).Chain);

        string jumpAcross = "*mangle\n:PREROUTING ACCEPT [0:0]\n:Y - [0:0]\nCOMMIT\n*filter\n:INPUT DROP [0:0]\n-A INPUT -j Y\nCOMMIT\n";
        FirewallReadException e = Assert.Throws<FirewallReadException>(() => IptablesSaveReader.Read("t", jumpAcross));
        Assert.Contains("no chain Y is declared in the filter table", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Nat_dnat_is_not_evaluated_snat_and_masquerade_accept_and_its_policy_decides()
    {
        const string text = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING DROP [0:0]\n" // 5
            + "-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80\n" // 6
            + "-A OUTPUT -p tcp -m tcp --dport 25 -j REDIRECT --to-ports 2525\n"               // 7
            + "-A POSTROUTING -p tcp -m tcp --dport 443 -j MASQUERADE\n"                      // 8
            + "-A POSTROUTING -p tcp -m tcp --dport 4119 -j SNAT --to-source 10.0.0.9\n"      // 9
            + "COMMIT\n*filter\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.NotEvaluated, 6), Ingress(firewall, "3.69.198.70", 8080));
        Assert.Equal((Decision.DefaultPermitted, 2), Ingress(firewall, "3.69.198.70", 4118)); // nat PREROUTING's policy: the only chain with a rule
        Assert.Equal((Decision.NotEvaluated, 7), Egress(firewall, "192.0.2.10", 25));
        Assert.Equal((Decision.Permitted, 8), Egress(firewall, "3.69.198.70", 443));
        Assert.Equal((Decision.Permitted, 9), Egress(firewall, "3.69.198.70", 4119));
        Assert.Equal((Decision.DefaultDenied, 5), Egress(firewall, "3.69.198.70", 80));

        // nat chains see a connection's first packet only: their DROP policy does not touch replies.
        Assert.True(firewall.Egress.RepliesAllowed);
        Assert.Contains("changes the destination", Assert.Single(firewall.Rules, r => r.Location.Line == 6).NotEvaluatedReason, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Notrack_in_raw_makes_what_it_matches_uncertain_and_raw_states_are_not_the_connections()
    {
        const string text = "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A PREROUTING -p tcp -m tcp --dport 4118 -j CT --notrack\n"               // 4
            + "-A OUTPUT -p udp -m udp --dport 53 -j NOTRACK\n"                           // 5
            + "-A PREROUTING -p tcp -m tcp --dport 4120 -j CT --zone 1\n"                 // 6: does not decide
            + "-A PREROUTING -p tcp -m conntrack --ctstate NEW -m tcp --dport 22 -j DROP\n" // 7: state before conntrack
            + "COMMIT\n*filter\n:INPUT DROP [0:0]\n:OUTPUT DROP [0:0]\n"
            + "-A INPUT -p tcp -m conntrack --ctstate NEW -j ACCEPT\n"                   // 12
            + "-A OUTPUT -m conntrack --ctstate NEW -j ACCEPT\nCOMMIT\n";                // 13
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.NotEvaluated, 4), Ingress(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.Permitted, 12), Ingress(firewall, "3.69.198.70", 4120));
        Assert.Equal((Decision.NotEvaluated, 7), Ingress(firewall, "3.69.198.70", 22));
        Assert.Equal((Decision.NotEvaluated, 5), Egress(firewall, "192.0.2.53", 53, "udp"));
        Assert.Equal((Decision.Permitted, 13), Egress(firewall, "3.69.198.70", 443));
        Assert.Contains("-j CT does not decide", NotesAt(firewall, 6), System.StringComparison.Ordinal);
        Assert.Contains("connection tracking has not run yet", NotesAt(firewall, 7), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Replies_left_untracked_in_raw_are_not_taken_as_allowed()
    {
        // Untracked, a reply is not ESTABLISHED: INPUT's conntrack accept does not match it, and the policy drops it.
        const string text = "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -j CT --notrack\nCOMMIT\n"
            + "*filter\n:INPUT DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.False(firewall.Ingress.RepliesAllowed);
        Assert.Equal(new SourceLocation(4, 1), firewall.Ingress.RepliesLocation);
        Assert.True(firewall.Egress.RepliesAllowed);
        Assert.True(IptablesSaveReader.Read("t", text.Replace("-A PREROUTING -j CT --notrack\n", "", System.StringComparison.Ordinal)).Ingress.RepliesAllowed);
    }

    [Fact]
    public void Marks_and_other_non_terminating_targets_decide_nothing_and_a_later_mark_match_is_not_evaluated()
    {
        const string text = "*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
            + "-A PREROUTING -p tcp -m tcp --dport 4118 -j MARK --set-xmark 0x1/0xffffffff\n" // 6
            + "-A INPUT -m mark --mark 0x1 -j DROP\n"                                           // 7
            + "-A OUTPUT -j TOS --set-tos 0x10/0x3f\n-A OUTPUT -j TTL --ttl-set 64\n-A POSTROUTING -j DSCP --set-dscp 0x08\n"
            + "-A POSTROUTING -m connmark --mark 0x2 -j DROP\n"                                 // 11
            + "COMMIT\n*filter\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.NotEvaluated, 7), Ingress(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.NotEvaluated, 11), Egress(firewall, "3.69.198.70", 443));
        Assert.Contains("-j MARK does not decide", NotesAt(firewall, 6), System.StringComparison.Ordinal);
        Assert.Contains("-m mark is not modelled", NotesAt(firewall, 7), System.StringComparison.Ordinal);
        Assert.Contains("-j TTL does not decide", NotesAt(firewall, 9), System.StringComparison.Ordinal);
        Assert.Contains("-m connmark is not modelled", NotesAt(firewall, 11), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_accepting_base_chains_are_left_out_and_change_no_verdict()
    {
        const string filter = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 4118 -j ACCEPT\nCOMMIT\n";
        const string others = "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n"
            + "*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A OUTPUT -j LOG\nCOMMIT\n"
            + "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n"
            + "*security\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";
        ObservedFirewall alone = IptablesSaveReader.Read("t", filter);
        ObservedFirewall all = IptablesSaveReader.Read("t", others + filter);
        Assert.Equal("INPUT", Assert.Single(all.Ingress.BaseChains).Chain.Name);
        Assert.Equal("OUTPUT", Assert.Single(all.Egress.BaseChains).Chain.Name);
        Assert.Equal(Decision.Permitted, Ingress(all, "3.69.198.70", 4118).Decision);
        Assert.Equal(Decision.DefaultDenied, Ingress(all, "3.69.198.70", 80).Decision);
        Assert.Equal(Ingress(alone, "3.69.198.70", 80).Decision, Ingress(all, "3.69.198.70", 80).Decision);
        Assert.Equal(alone.Ingress.RepliesAllowed, all.Ingress.RepliesAllowed);
        Assert.Equal(Decision.DefaultPermitted, Egress(all, "3.69.198.70", 443).Decision);
    }

    [Fact]
    public void A_port_after_another_match_belongs_to_the_implicit_match_of_its_protocol()
    {
        const string text = "*filter\n:INPUT DROP [0:0]\n"
            + "-A INPUT -m set --match-set x src -p tcp --dport 9100 -j ACCEPT\n"   // 3
            + "-A INPUT -m limit --limit 5/sec -p tcp --dport 22 -j ACCEPT\n"       // 4
            + "-A INPUT -m comment --comment swp -p tcp --dport 4118 -j ACCEPT\n"   // 5
            + "COMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.Permitted, 5), Ingress(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.NotEvaluated, 3), Ingress(firewall, "3.69.198.70", 9100));
        Assert.Equal((Decision.NotEvaluated, 4), Ingress(firewall, "3.69.198.70", 22));
        Assert.Equal((Decision.DefaultDenied, 2), Ingress(firewall, "3.69.198.70", 4119));
        Assert.Equal(IntervalSet.Single(9100), firewall.Ingress.BaseChains[0].Chain.Rules[0].Match.Ports);

        string twice = "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 1 -m set --match-set x src --dport 2 -j ACCEPT\nCOMMIT\n";
        FirewallReadException e = Assert.Throws<FirewallReadException>(() => IptablesSaveReader.Read("t", twice));
        Assert.Contains("multiple --dport flags not allowed", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Addrtype_is_local_for_the_hosts_own_address_and_not_known_for_the_remote_one()
    {
        // The kernel gives an address one route type: the host's own is LOCAL, so UNICAST does not hold for it.
        const string text = "*filter\n:INPUT DROP [0:0]\n:OUTPUT DROP [0:0]\n"
            + "-A INPUT -m addrtype ! --dst-type LOCAL -j DROP\n"                                   // 4: never for the host
            + "-A INPUT -p tcp -m tcp --dport 22 -m addrtype --dst-type UNICAST -j ACCEPT\n"        // 5: never for the host
            + "-A INPUT -m addrtype --dst-type LOCAL,BROADCAST -p tcp --dport 4118 -j ACCEPT\n"     // 6
            + "-A INPUT -m addrtype --src-type LOCAL -p tcp --dport 4120 -j ACCEPT\n"               // 7: the remote source
            + "-A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -p tcp --dport 4122 -j ACCEPT\n" // 8
            + "-A OUTPUT -m addrtype --src-type LOCAL -p tcp --dport 443 -j ACCEPT\n"               // 9
            + "-A OUTPUT -m addrtype --dst-type UNICAST -p tcp --dport 80 -j ACCEPT\n"              // 10: the remote destination
            + "COMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.Permitted, 6), Ingress(firewall, "3.69.198.70", 4118));
        Assert.Equal((Decision.DefaultDenied, 2), Ingress(firewall, "3.69.198.70", 22));
        Assert.Equal((Decision.NotEvaluated, 7), Ingress(firewall, "3.69.198.70", 4120));
        Assert.Equal((Decision.NotEvaluated, 8), Ingress(firewall, "3.69.198.70", 4122));
        Assert.Equal((Decision.Permitted, 9), Egress(firewall, "3.69.198.70", 443));
        Assert.Equal((Decision.NotEvaluated, 10), Egress(firewall, "3.69.198.70", 80));
        Assert.Equal((Decision.DefaultDenied, 3), Egress(firewall, "3.69.198.70", 25));
        Assert.Contains("does not hold for the host's own address", NotesAt(firewall, 4), System.StringComparison.Ordinal);
        Assert.Contains("does not hold for the host's own address", NotesAt(firewall, 5), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Addrtype_in_a_chain_both_directions_reach_is_not_evaluated()
    {
        const string text = "*filter\n:INPUT DROP [0:0]\n:OUTPUT DROP [0:0]\n:BOTH - [0:0]\n-A INPUT -j BOTH\n-A OUTPUT -j BOTH\n"
            + "-A BOTH -m addrtype --dst-type LOCAL -p tcp --dport 5000 -j ACCEPT\nCOMMIT\n"; // 7
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.NotEvaluated, 7), Ingress(firewall, "3.69.198.70", 5000));
        Assert.Equal((Decision.NotEvaluated, 7), Egress(firewall, "3.69.198.70", 5000));
    }

    [Fact]
    public void An_uncertain_return_leaves_decided_what_both_paths_decide_alike()
    {
        // -i eth1 -j RETURN may or may not return: 4118 is accepted on both paths, 80 dropped on both, 22 differs.
        const string text = "*filter\n:INPUT DROP [0:0]\n:C - [0:0]\n-A INPUT -j C\n"
            + "-A INPUT -p tcp -m tcp --dport 4118 -j ACCEPT\n"       // 5
            + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"         // 6
            + "-A C -i eth1 -j RETURN\n"                              // 7
            + "-A C -p tcp -m tcp --dport 22 -j DROP\n"               // 8
            + "-A C -p tcp -m tcp --dport 4118 -j ACCEPT\n"           // 9
            + "-A C -p tcp -m tcp --dport 80 -j DROP\n"               // 10
            + "COMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal(Decision.Permitted, Ingress(firewall, "3.69.198.70", 4118).Decision);
        Assert.Equal((Decision.NotEvaluated, 7), Ingress(firewall, "3.69.198.70", 22));
        Assert.Equal((Decision.DefaultDenied, 2), Ingress(firewall, "3.69.198.70", 443));
        Assert.Equal(Decision.DefaultDenied, Ingress(firewall, "3.69.198.70", 80).Decision);
    }

    [Fact]
    public void An_uncertain_goto_follows_both_paths()
    {
        // -i eth1 -g G: taken, G decides and its end is INPUT's end (the policy); not taken, INPUT goes on.
        const string text = "*filter\n:INPUT DROP [0:0]\n:G - [0:0]\n"
            + "-A INPUT -i eth1 -g G\n"                             // 4
            + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"       // 5
            + "-A INPUT -p tcp -m tcp --dport 443 -j ACCEPT\n"      // 6
            + "-A G -p tcp -m tcp --dport 4118 -j ACCEPT\n"         // 7
            + "-A G -p tcp -m tcp --dport 443 -j ACCEPT\n"          // 8
            + "COMMIT\n";
        ObservedFirewall firewall = IptablesSaveReader.Read("t", text);
        Assert.Equal((Decision.NotEvaluated, 4), Ingress(firewall, "3.69.198.70", 4118)); // accepted by G only
        Assert.Equal((Decision.NotEvaluated, 4), Ingress(firewall, "3.69.198.70", 22));   // accepted by INPUT only
        // Accepted on both paths (G's 443 rule, INPUT's): the reader does not tie a goto's two paths
        // together, so it may call it uncertain, but never anything worse than what netfilter does.
        Assert.Contains(Ingress(firewall, "3.69.198.70", 443).Decision, new[] { Decision.Permitted, Decision.NotEvaluated });
        Assert.Equal((Decision.DefaultDenied, 2), Ingress(firewall, "3.69.198.70", 80));  // dropped on both
    }
}

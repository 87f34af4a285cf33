using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Firewalls.Audit;
using Swp.Requirements.Firewalls.Read;

namespace Swp.Requirements.Tests.Firewalls.Read;

/// <summary>
/// The rulesets real hosts run, made by the real tools (issue 17, section 2): ufw 0.36 on
/// iptables-nft, firewalld 1.3 on nftables, Docker's documented chains on a DROP host and
/// Debian's stock <c>/etc/nftables.conf</c> hardened, each with an agent's rules for a Germany
/// deployment and some with a planted mistake (Inputs/stock/, made by make-stock-fixtures.sh;
/// see its README.md). Every expected verdict is written by hand from netfilter's semantics for
/// the host 10.20.0.5: first match wins, a jump returns, INPUT sees only packets to the host's
/// own (local, broadcast or multicast) addresses, a connection that no NAT rule rewrote has no
/// DNAT status, and replies pass where an established accept comes first. Where a stock chain
/// cannot change a flow, the audit must not call the flow uncertain.
/// </summary>
public class StockRulesetTests
{
    private const string Inbound = "server-workload-protection -> agent 4118/tcp (https)";
    private const string ManagerHttps = "agent -> server-workload-protection 443/tcp (https)";
    private const string Dns = "agent -> dns-server 53/udp (dns)";
    private const string Ntp = "agent -> ntp-server 123/udp (ntp)";
    private const string SpnHttp = "agent -> smart-protection-network 80/tcp (http)";
    private const string SpnHttps = "agent -> smart-protection-network 443/tcp (https)";

    /// <summary>The names behind <see cref="Certain"/>.</summary>
    private static readonly string[] CertainNames =
    [
        "ufw-deny-in.iptables-save",
        "ufw-deny-in-one-subnet.iptables-save",
        "ufw-reject-above-accept.iptables-save",
        "ufw-deny-out.iptables-save",
        "firewalld.nft.json",
        "firewalld-one-subnet.nft.json",
        "docker.iptables-save",
        "debian-nftables.nft.json",
    ];

    /// <summary>The names behind <see cref="UfwAsNft"/>.</summary>
    private static readonly string[] UfwAsNftNames =
    [
        "ufw-deny-in.nft.json",
        "ufw-deny-in-one-subnet.nft.json",
        "ufw-reject-above-accept.nft.json",
        "ufw-deny-out.nft.json",
    ];

    /// <summary>The fixtures whose stock chains cannot make any of the deployment's flows uncertain.</summary>
    public static TheoryData<string> Certain => new(CertainNames);

    /// <summary>ufw's rules as <c>nft -j list ruleset</c> shows them: iptables-nft's matches are <c>xt</c> expressions without their parameters.</summary>
    public static TheoryData<string> UfwAsNft => new(UfwAsNftNames);

    /// <summary>The Germany deployment with the agent's one address (the host's eth0 in the namespace that made the fixtures).</summary>
    private static Deployment Host => new Deployment(Conditions.Bidirectional, Region.Germany)
        .WithAddresses(Component.Agent, IPv4Network.Parse("10.20.0.5/32"));

    private static string Text(string name) => ReadTesting.Text(Path.Combine("stock", name));

    private static AuditReport Audit(string name, Deployment? deployment = null, string[]? interfaces = null)
    {
        string text = Text(name);
        ObservedFirewall firewall = name.EndsWith(".nft.json", StringComparison.Ordinal)
            ? NftablesJsonReader.Read(name, text, interfaces)
            : IptablesSaveReader.Read(name, text, interfaces);
        return FirewallAudit.Run(firewall, (deployment ?? Host).Resolve(), (int)Component.Agent);
    }

    /// <summary>Every audited flow and its verdict, one a line, in the report's order (a failure shows the whole difference).</summary>
    private static string Verdicts(AuditReport report) =>
        string.Join("\n", report.Flows.Select(f => (f.Egress ? "out " : "in  ") + f.Description + ": " + f.Verdict));

    /// <summary>Asserts every flow's verdict; a failure prints both lists and every error and warning of the audit, in full.</summary>
    private static void AssertVerdicts(string expected, AuditReport report)
    {
        string actual = Verdicts(report);
        if (actual != expected)
        {
            Assert.Fail("verdicts differ\nexpected:\n" + expected + "\nactual:\n" + actual + "\naudit:\n" + Errors(report));
        }

        Assert.Equal(expected, actual);
    }

    /// <summary>The audit's errors and warnings, one a line, as <c>line: ID message</c>.</summary>
    private static string Errors(AuditReport report) =>
        string.Join("\n", report.Findings.Where(f => f.Severity != FindingSeverity.Info).Select(f => f.Location.Line.ToString(CultureInfo.InvariantCulture) + ": " + f.Id + " " + f.Message));

    private static string Expected(params (string Flow, AuditVerdict Verdict)[] flows) =>
        string.Join("\n", flows.Select(f => (f.Flow == Inbound ? "in  " : "out ") + f.Flow + ": " + f.Verdict));

    /// <summary>The Germany agent's six flows: 4118 in, then the five it opens, in the report's order.</summary>
    private static string Flows(AuditVerdict inbound, AuditVerdict managerHttps, AuditVerdict dns, AuditVerdict ntp, AuditVerdict spnHttp, AuditVerdict spnHttps) =>
        Expected((Inbound, inbound), (ManagerHttps, managerHttps), (Dns, dns), (Ntp, ntp), (SpnHttp, spnHttp), (SpnHttps, spnHttps));

    /// <summary>The one finding about a required flow.</summary>
    private static AuditFinding Finding(AuditReport report, string description) =>
        Assert.Single(report.Findings, f => f.Message.StartsWith("Required flow " + description + " (", StringComparison.Ordinal));

    private static string Message(AuditReport report, string description) => Finding(report, description).Message;

    /// <summary>The 1-based line of the one line of a fixture that is <paramref name="line"/>.</summary>
    private static int LineOf(string name, string line)
    {
        string[] lines = Text(name).Split('\n');
        int index = Array.IndexOf(lines, line);
        Assert.True(index >= 0, name + " has no line '" + line + "'");
        Assert.Equal(index, Array.LastIndexOf(lines, line));
        return index + 1;
    }

    private const AuditVerdict Allowed = AuditVerdict.Allowed;
    private const AuditVerdict PartlyAllowed = AuditVerdict.PartlyAllowed;
    private const AuditVerdict Blocked = AuditVerdict.Blocked;
    private const AuditVerdict Uncertain = AuditVerdict.Uncertain;

    [Fact]
    public void The_folder_holds_exactly_the_fixtures_these_tests_audit_and_how_they_were_made()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Firewalls", "Read", "Inputs", "stock");
        string[] files = [.. Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        string[] audited = [.. CertainNames, .. UfwAsNftNames, "ufw-in-on-eth0.iptables-save"];
        string[] made = ["README.md", "docker-host.rules", "make-stock-fixtures.sh", "versions.txt"];

        Assert.Equal([.. audited.Concat(made).Order(StringComparer.Ordinal)], files);
        Assert.Contains("ufw 0.36.2-1", Text("versions.txt"), StringComparison.Ordinal);
        Assert.Contains("firewalld 1.3.3-1~deb12u2", Text("versions.txt"), StringComparison.Ordinal);
        Assert.StartsWith("# Generated by iptables-save v1.8.9 (nf_tables)", Text("ufw-deny-in.iptables-save"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Certain))]
    public void No_flow_is_uncertain_where_the_stock_chains_cannot_change_it(string name)
    {
        AuditReport report = Audit(name);

        // ufw-not-local's addrtype RETURNs (INPUT sees only local, broadcast and multicast
        // destinations), ufw-after-input's BROADCAST skip (a drop before a DROP policy),
        // firewalld's `ct status dnat accept` (no rule DNATs) and `iifname "lo" accept`, Docker's
        // chains on FORWARD and nat (no DNAT of the agent's ports): none changes a flow.
        string uncertain = string.Join("\n", report.Findings.Where(f => f.Id == FirewallAudit.UncertainId).Select(f => f.Message));
        if (uncertain.Length > 0)
        {
            Assert.Fail("uncertain where the stock chains cannot change the flow:\n" + uncertain);
        }

        Assert.Equal("", uncertain);
        Assert.Equal(0, report.Count(Uncertain));
        Assert.Equal(6, report.Flows.Count);
    }

    [Fact]
    public void Ufw_deny_incoming_allow_outgoing_with_both_manager_subnets_allows_every_flow()
    {
        AuditReport report = Audit("ufw-deny-in.iptables-save");

        AssertVerdicts(Flows(Allowed, Allowed, Allowed, Allowed, Allowed, Allowed), report);
        Assert.True(report.Passed);
    }

    [Theory]
    [InlineData("ufw-deny-in.iptables-save")]
    [InlineData("firewalld.nft.json")]
    public void The_stock_chains_allow_4118_to_the_host_whatever_its_address(string name)
    {
        // No address given: the agent is every address a connection can reach. INPUT still sees
        // only packets to one of the host's own addresses, so ufw-not-local returns for every
        // one of them, and nothing DNATs on the firewalld host.
        AuditReport report = Audit(name, new Deployment(Conditions.Bidirectional, Region.Germany));

        AssertVerdicts(Flows(Allowed, Allowed, Allowed, Allowed, Allowed, Allowed), report);
        Assert.True(report.Passed);
    }

    [Fact]
    public void Ufw_with_one_manager_subnet_partly_allows_4118_and_names_the_missing_subnet()
    {
        const string name = "ufw-deny-in-one-subnet.iptables-save";
        AuditReport report = Audit(name);

        AssertVerdicts(Flows(PartlyAllowed, Allowed, Allowed, Allowed, Allowed, Allowed), report);
        // 18.96.34.160/27 falls through ufw-user-input, ufw-after-input (10.20.0.5 is no
        // broadcast address) and the LOG, to INPUT's DROP policy.
        AuditFinding finding = Finding(report, Inbound);
        Assert.Equal(FirewallAudit.PartlyAllowedId, finding.Id);
        Assert.Contains("policy DROP of chain INPUT blocks it from 18.96.34.160/27", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("3.69.198.64/27", finding.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(name, "-A ufw-user-input -s 3.69.198.64/27 -p tcp -m tcp --dport 4118 -j ACCEPT"), finding.Location.Line);
    }

    [Fact]
    public void Ufw_reject_inserted_above_the_accepts_blocks_4118()
    {
        const string name = "ufw-reject-above-accept.iptables-save";
        const string reject = "-A ufw-user-input -p tcp -m tcp --dport 4118 -j REJECT --reject-with tcp-reset";
        AuditReport report = Audit(name);

        AssertVerdicts(Flows(Blocked, Allowed, Allowed, Allowed, Allowed, Allowed), report);
        AuditFinding finding = Finding(report, Inbound);
        Assert.Equal(FirewallAudit.BlockedId, finding.Id);
        Assert.EndsWith("is blocked by the rule " + reject, finding.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(name, reject), finding.Location.Line);
    }

    [Fact]
    public void Ufw_deny_outgoing_blocks_what_the_admin_did_not_allow_out()
    {
        const string name = "ufw-deny-out.iptables-save";
        AuditReport report = Audit(name);

        // `ufw allow out 53/udp` and `443/tcp`; NTP and HTTP reach OUTPUT's DROP policy.
        AssertVerdicts(Flows(Allowed, Allowed, Allowed, Blocked, Blocked, Allowed), report);
        Assert.Equal("Required flow " + Ntp + " (out) is blocked by policy DROP of chain OUTPUT", Message(report, Ntp));
        Assert.Equal("Required flow " + SpnHttp + " (out) is blocked by policy DROP of chain OUTPUT", Message(report, SpnHttp));
        Assert.Equal(LineOf(name, ":OUTPUT DROP [0:0]"), Finding(report, Ntp).Location.Line);
    }

    [Theory]
    [MemberData(nameof(UfwAsNft))]
    public void Ufw_seen_through_nft_is_uncertain_because_nft_cannot_show_iptables_matches(string name)
    {
        AuditReport report = Audit(name);

        // `nft -j list ruleset` of iptables-nft rules shows `{"xt": {"type": "match", "name":
        // "conntrack"}}` without --ctstate: ufw-before-input's INVALID drop could be a drop of
        // every new packet, and its ESTABLISHED accept an accept of none. The iptables-save of
        // the same state is the export to audit; from this file no flow can be called allowed.
        AssertVerdicts(Flows(Uncertain, Uncertain, Uncertain, Uncertain, Uncertain, Uncertain), report);
        Assert.Contains("xt conntrack", Message(report, Inbound), StringComparison.Ordinal);
    }

    [Fact]
    public void Ufw_rules_bound_to_eth0_are_uncertain_while_the_interface_is_not_known()
    {
        AuditReport report = Audit("ufw-in-on-eth0.iptables-save");

        // `ufw allow in on eth0 ...`: the only rules that accept 4118 match -i eth0, which the
        // export alone cannot tell; the stock chains before them decide nothing.
        AssertVerdicts(Flows(Uncertain, Allowed, Allowed, Allowed, Allowed, Allowed), report);
        string message = Message(report, Inbound);
        Assert.Contains("-i eth0: the interface a flow arrives on is not known", message, StringComparison.Ordinal);
        Assert.DoesNotContain("addrtype", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ufw_rules_bound_to_eth0_allow_4118_on_a_host_whose_interface_is_eth0()
    {
        // The host's one interface is eth0 (--interface eth0): both manager subnets arrive on it
        // and ufw-user-input accepts them; every egress flow stays allowed.
        AuditReport report = Audit("ufw-in-on-eth0.iptables-save", interfaces: ["eth0"]);

        AssertVerdicts(Flows(Allowed, Allowed, Allowed, Allowed, Allowed, Allowed), report);
    }

    [Fact]
    public void Ufw_rules_bound_to_eth0_match_nothing_on_a_host_whose_interface_is_ens192()
    {
        // A rule "in on eth0" cannot match a flow that arrives on ens192: 4118 meets the DROP policy.
        AuditReport report = Audit("ufw-in-on-eth0.iptables-save", interfaces: ["ens192"]);

        Assert.Equal(Blocked, report.Flows.Single(f => !f.Egress).Verdict);
    }

    [Fact]
    public void Firewalld_public_zone_with_rich_rules_for_both_subnets_allows_every_flow()
    {
        AuditReport report = Audit("firewalld.nft.json");

        // filter_INPUT: established accept, `ct status dnat accept` (nothing DNATs), lo accept,
        // invalid drop, then the public zone's allow chain: the two rich rules.
        AssertVerdicts(Flows(Allowed, Allowed, Allowed, Allowed, Allowed, Allowed), report);
        Assert.True(report.Passed);
    }

    [Fact]
    public void Firewalld_with_one_rich_rule_partly_allows_4118_and_the_zone_rejects_the_other_subnet()
    {
        AuditReport report = Audit("firewalld-one-subnet.nft.json");

        AssertVerdicts(Flows(PartlyAllowed, Allowed, Allowed, Allowed, Allowed, Allowed), report);
        // No rule DNATs, so `ct status dnat accept` passes nothing; filter_IN_public ends in
        // `reject with icmpx admin-prohibited`.
        string message = Message(report, Inbound);
        Assert.Contains("reject", message, StringComparison.Ordinal);
        Assert.Contains("blocks it from 18.96.34.160/27", message, StringComparison.Ordinal);
        Assert.DoesNotContain("3.69.198.64/27", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_chains_on_a_drop_host_leave_the_agents_flows_allowed()
    {
        AuditReport report = Audit("docker.iptables-save");

        // INPUT DROP with lo, established and the two manager subnets accepted; Docker's rules
        // are on FORWARD (routed traffic) and in nat, where only 8080/tcp is DNATed.
        AssertVerdicts(Flows(Allowed, Allowed, Allowed, Allowed, Allowed, Allowed), report);
        Assert.True(report.Passed);
    }

    [Fact]
    public void Debian_stock_nftables_conf_hardened_allows_every_flow()
    {
        AuditReport report = Audit("debian-nftables.nft.json");

        // input policy drop: established accept, iif lo accept, 4118 from both subnets; output accept.
        AssertVerdicts(Flows(Allowed, Allowed, Allowed, Allowed, Allowed, Allowed), report);
        Assert.True(report.Passed);
        Assert.DoesNotContain(report.Findings, f => f.Severity != FindingSeverity.Info);
    }
}

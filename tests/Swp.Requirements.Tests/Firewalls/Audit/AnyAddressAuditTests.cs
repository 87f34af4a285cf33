using System;
using System.Linq;
using Swp.Requirements.Firewalls.Audit;
using Swp.Requirements.Firewalls.Read;

namespace Swp.Requirements.Tests.Firewalls.Audit;

/// <summary>
/// A component whose addresses were not given may be at any address a connection can reach (all
/// of IPv4 but 0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3), so a firewall that drops part of the
/// address space drops part of every flow to or from it. Each case is one a kernel decided
/// otherwise than the audit used to (issue 17); the verdicts are written by hand from netfilter's
/// first-match semantics.
/// </summary>
public class AnyAddressAuditTests
{
    private const string ManagerHttps = "agent -> server-workload-protection 443/tcp (https)";

    private static AuditReport Audit(string rules, Deployment? deployment = null)
    {
        ObservedFirewall firewall = IptablesSaveReader.Read("host.rules", rules);
        return FirewallAudit.Run(firewall, (deployment ?? new Deployment(Conditions.None, Region.Germany)).Resolve(), (int)Component.Agent);
    }

    private static string Filter(string input, string output, params string[] rules) =>
        "*filter\n:INPUT " + input + " [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT " + output + " [0:0]\n"
        + string.Concat(rules.Select(r => r + "\n")) + "COMMIT\n";

    private static AuditedFlow Flow(AuditReport report, string description, bool egress = true) =>
        Assert.Single(report.Flows, f => f.Description == description && f.Egress == egress);

    private static string Message(AuditReport report, string description) =>
        Assert.Single(report.Findings, f => f.Message.StartsWith("Required flow " + description, StringComparison.Ordinal)).Message;

    [Fact]
    public void A_drop_of_a_private_network_before_the_accept_drops_that_part_of_a_flow_to_anywhere()
    {
        AuditReport report = Audit(Filter(
            "ACCEPT",
            "ACCEPT",
            "-A OUTPUT -d 10.0.0.0/8 -j DROP",
            "-A OUTPUT -p tcp -m tcp --dport 443 -j ACCEPT"));

        Assert.Equal(AuditVerdict.PartlyAllowed, Flow(report, ManagerHttps).Verdict);
        string message = Message(report, ManagerHttps);
        Assert.Contains("the rule -A OUTPUT -d 10.0.0.0/8 -j DROP blocks it from agent (no addresses given) to 10.0.0.0/8", message, StringComparison.Ordinal);
        Assert.Contains("it is allowed from agent (no addresses given) to any address but 10.0.0.0/8", message, StringComparison.Ordinal);
        Assert.False(report.Passed);
    }

    [Fact]
    public void A_drop_of_the_network_that_holds_a_manager_subnet_is_a_partial_block()
    {
        AuditReport report = Audit(Filter("ACCEPT", "ACCEPT", "-A OUTPUT -d 3.0.0.0/8 -j DROP"));

        Assert.Equal(AuditVerdict.PartlyAllowed, Flow(report, ManagerHttps).Verdict);
        Assert.Contains("to 3.0.0.0/8", Message(report, ManagerHttps), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_drops_of_the_halves_of_the_address_space_block_everything()
    {
        AuditReport report = Audit(Filter(
            "ACCEPT",
            "ACCEPT",
            "-A OUTPUT -d 0.0.0.0/1 -j DROP",
            "-A OUTPUT -d 128.0.0.0/1 -j DROP",
            "-A OUTPUT -p tcp -m tcp --dport 443 -j ACCEPT"));

        Assert.All(report.Flows.Where(f => f.Egress), f => Assert.Equal(AuditVerdict.Blocked, f.Verdict));
        Assert.Equal(0, report.Count(AuditVerdict.Allowed));
    }

    [Fact]
    public void A_reject_of_an_address_range_on_443_is_a_partial_block()
    {
        AuditReport report = Audit(Filter(
            "ACCEPT",
            "ACCEPT",
            "-A OUTPUT -p tcp -m tcp --dport 443 -m iprange --dst-range 100.64.0.1-100.64.0.9 -j REJECT --reject-with icmp-port-unreachable"));

        Assert.Equal(AuditVerdict.PartlyAllowed, Flow(report, ManagerHttps).Verdict);
        Assert.Contains("to 100.64.0.1/32, 100.64.0.2/31, 100.64.0.4/30, 100.64.0.8/31", Message(report, ManagerHttps), StringComparison.Ordinal);
        Assert.Equal(AuditVerdict.Allowed, Flow(report, "agent -> smart-protection-network 80/tcp (http)").Verdict);
    }

    [Fact]
    public void Two_accepts_of_the_halves_of_the_address_space_allow_a_flow_to_anywhere()
    {
        AuditReport report = Audit(Filter(
            "ACCEPT",
            "DROP",
            "-A OUTPUT -d 0.0.0.0/1 -p tcp -m tcp --dport 443 -j ACCEPT",
            "-A OUTPUT -d 128.0.0.0/1 -p tcp -m tcp --dport 443 -j ACCEPT"));

        Assert.Equal(AuditVerdict.Allowed, Flow(report, ManagerHttps).Verdict);
        Assert.Equal(AuditVerdict.Allowed, Flow(report, "agent -> smart-protection-network 443/tcp (https)").Verdict);
        Assert.Equal(AuditVerdict.Blocked, Flow(report, "agent -> smart-protection-network 80/tcp (http)").Verdict);
    }

    [Fact]
    public void Accepting_only_some_destinations_is_partly_allowed_and_says_to_which()
    {
        AuditReport report = Audit(Filter(
            "ACCEPT",
            "DROP",
            "-A OUTPUT -d 3.69.198.64/27 -p tcp -m tcp --dport 443 -j ACCEPT",
            "-A OUTPUT -d 18.96.34.160/27 -p tcp -m tcp --dport 443 -j ACCEPT"));

        Assert.Equal(AuditVerdict.PartlyAllowed, Flow(report, ManagerHttps).Verdict);
        string message = Message(report, ManagerHttps);
        Assert.Contains("policy DROP of chain OUTPUT blocks it from agent (no addresses given) to any address but 3.69.198.64/27, 18.96.34.160/27", message, StringComparison.Ordinal);
        Assert.EndsWith("it is allowed from agent (no addresses given) to 3.69.198.64/27, 18.96.34.160/27", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_dropped_and_a_part_not_evaluated_is_uncertain_with_both_parts_named()
    {
        AuditReport report = Audit(Filter(
            "ACCEPT",
            "DROP",
            "-A OUTPUT -d 10.0.0.0/8 -p tcp -m tcp --dport 443 -j DROP",
            "-A OUTPUT -p tcp -m tcp --dport 443 -m set --match-set vendor dst -j ACCEPT"));

        Assert.Equal(AuditVerdict.Uncertain, Flow(report, ManagerHttps).Verdict);
        string message = Message(report, ManagerHttps);
        Assert.Contains("is uncertain: this rule decides it from agent (no addresses given) to any address but 10.0.0.0/8", message, StringComparison.Ordinal);
        Assert.Contains("the rule -A OUTPUT -d 10.0.0.0/8 -p tcp -m tcp --dport 443 -j DROP blocks it from agent (no addresses given) to 10.0.0.0/8", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_itself_with_no_address_given_may_be_in_a_dropped_network()
    {
        AuditReport report = Audit(Filter(
            "DROP",
            "ACCEPT",
            "-A INPUT -d 192.168.0.0/16 -j DROP",
            "-A INPUT -s 3.69.198.64/27 -p tcp -m tcp --dport 4118 -j ACCEPT",
            "-A INPUT -s 18.96.34.160/27 -p tcp -m tcp --dport 4118 -j ACCEPT"),
            new Deployment(Conditions.Bidirectional, Region.Germany));

        AuditedFlow inbound = Flow(report, "server-workload-protection -> agent 4118/tcp (https)", egress: false);
        Assert.Equal(AuditVerdict.PartlyAllowed, inbound.Verdict);
        Assert.Contains("to 192.168.0.0/16", Message(report, "server-workload-protection -> agent 4118/tcp (https)"), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_addresses_are_audited_as_given()
    {
        // The agent's own address and the DNS server's are known: a drop of other networks does not touch them.
        Deployment deployment = new Deployment(Conditions.None, Region.Germany)
            .WithAddresses(Component.Agent, IPv4Network.Parse("10.20.0.5/32"))
            .WithAddresses(Component.DnsServer, IPv4Network.Parse("10.30.0.53/32"));
        AuditReport report = Audit(Filter("ACCEPT", "ACCEPT", "-A OUTPUT -d 192.168.0.0/16 -j DROP"), deployment);

        Assert.Equal(AuditVerdict.Allowed, Flow(report, "agent -> dns-server 53/udp (dns)").Verdict);
        Assert.Equal(AuditVerdict.PartlyAllowed, Flow(report, ManagerHttps).Verdict);
        Assert.Contains("from 10.20.0.5/32 to 192.168.0.0/16", Message(report, ManagerHttps), StringComparison.Ordinal);
    }
}

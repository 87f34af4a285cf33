using System;
using System.Linq;
using Swp.Requirements.Firewalls.Audit;
using Swp.Requirements.Firewalls.Read;

namespace Swp.Requirements.Tests.Firewalls.Audit;

/// <summary>
/// A connection works only when its replies come back: a host whose INPUT drops every
/// established packet completes no connection it opens, whatever OUTPUT lets out (and the
/// reverse for the connections it accepts). Verdicts written by hand from conntrack's semantics.
/// </summary>
public class RepliesAuditTests
{
    private static AuditReport Audit(string rules, Conditions conditions = Conditions.None) =>
        FirewallAudit.Run(IptablesSaveReader.Read("host.rules", rules), new Deployment(conditions, Region.Germany).Resolve(), (int)Component.Agent);

    private static string Filter(string input, string output, params string[] rules) =>
        "*filter\n:INPUT " + input + " [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT " + output + " [0:0]\n"
        + string.Concat(rules.Select(r => r + "\n")) + "COMMIT\n";

    private static AuditVerdict VerdictOf(AuditReport report, string description, bool egress = true) =>
        Assert.Single(report.Flows, f => f.Description == description && f.Egress == egress).Verdict;

    [Fact]
    public void An_input_that_drops_every_reply_blocks_every_outgoing_tcp_flow()
    {
        AuditReport report = Audit(Filter("DROP", "ACCEPT"));

        Assert.Equal(AuditVerdict.Blocked, VerdictOf(report, "agent -> server-workload-protection 443/tcp (https)"));
        Assert.Equal(AuditVerdict.Blocked, VerdictOf(report, "agent -> smart-protection-network 80/tcp (http)"));
        Assert.Equal(AuditVerdict.Uncertain, VerdictOf(report, "agent -> dns-server 53/udp (dns)"));
        AuditFinding blocked = Assert.Single(report.Findings, f => f.Id == FirewallAudit.BlockedId && f.Message.Contains("server-workload-protection 443/tcp", StringComparison.Ordinal));
        Assert.Equal(2, blocked.Location.Line);
        Assert.Contains("its replies cannot come back in: policy DROP of chain INPUT drops established packets", blocked.Message, StringComparison.Ordinal);
        Assert.False(report.Passed);
    }

    [Fact]
    public void An_input_that_accepts_established_packets_first_lets_every_outgoing_flow_complete()
    {
        AuditReport report = Audit(Filter("DROP", "ACCEPT", "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"));

        Assert.All(report.Flows, f => Assert.Equal(AuditVerdict.Allowed, f.Verdict));
        Assert.True(report.Passed);
    }

    [Fact]
    public void An_output_that_drops_every_reply_blocks_the_connections_the_host_accepts()
    {
        AuditReport report = Audit(
            Filter(
                "DROP",
                "DROP",
                "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A INPUT -s 3.69.198.64/27 -p tcp -m tcp --dport 4118 -m conntrack --ctstate NEW -j ACCEPT",
                "-A INPUT -s 18.96.34.160/27 -p tcp -m tcp --dport 4118 -m conntrack --ctstate NEW -j ACCEPT"),
            Conditions.Bidirectional);

        Assert.Equal(AuditVerdict.Blocked, VerdictOf(report, "server-workload-protection -> agent 4118/tcp (https)", egress: false));
        Assert.Contains(report.Findings, f => f.Id == FirewallAudit.BlockedId && f.Message.Contains("its replies cannot go back out", StringComparison.Ordinal));
    }

    [Fact]
    public void An_accept_of_some_packets_before_the_drop_leaves_the_replies_uncertain_never_allowed()
    {
        AuditReport report = Audit(Filter("DROP", "ACCEPT", "-A INPUT -s 10.0.0.0/8 -j ACCEPT"));

        Assert.Equal(AuditVerdict.Uncertain, VerdictOf(report, "agent -> server-workload-protection 443/tcp (https)"));
        Assert.Equal(0, report.Count(AuditVerdict.Allowed));
    }
}

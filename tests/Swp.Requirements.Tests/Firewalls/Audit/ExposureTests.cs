using System;
using System.Linq;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Firewalls.Audit;
using Swp.Requirements.Firewalls.Read;

namespace Swp.Requirements.Tests.Firewalls.Audit;

/// <summary>
/// <c>audit --exposure</c> (issue 19, part 1): what a firewall lets through beyond the deployment,
/// per rule, exactly. The rulesets are small and the expected parts worked out by hand from
/// netfilter's first-match order and the flows the README's relay and agent need in Germany
/// (manager subnets 3.69.198.64/27 and 18.96.34.160/27).
/// </summary>
public class ExposureTests
{
    private static readonly Deployment Relay = new Deployment(Conditions.Relays | Conditions.Bidirectional, Region.Germany)
        .WithAddresses(Component.Agent, IPv4Network.Parse("10.1.0.0/16"))
        .WithAddresses(Component.Relay, IPv4Network.Parse("10.2.0.0/24"));

    private static string Filter(string input, string output, params string[] rules) =>
        "*filter\n:INPUT " + input + " [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT " + output + " [0:0]\n"
        + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
        + string.Concat(rules.Select(r => r + "\n")) + "COMMIT\n";

    private static AuditFinding[] Exposure(string rules, Deployment deployment, Component component, bool exposure = true) =>
        [.. FirewallAudit.Run(IptablesSaveReader.Read("host.rules", rules), deployment.Resolve(), (int)component, exposure).Findings
            .Where(f => f.Id is "SWP2009" or "SWP2010")];

    [Fact]
    public void Each_rule_that_lets_in_more_than_the_relay_needs_is_named_with_what_it_allows_and_what_is_needed()
    {
        AuditFinding[] findings = Exposure(
            Filter(
                "DROP",
                "ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 4122 -j ACCEPT",
                "-A INPUT -s 10.0.0.0/8 -j ACCEPT",
                "-A INPUT -s 192.0.2.0/24 -p tcp -m tcp --dport 8080 -j ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 4118 -j ACCEPT"),
            Relay,
            Component.Relay);

        Assert.Equal(
            [
                (7, "SWP2009", FindingSeverity.Warning, "The rule -A INPUT -p tcp -m tcp --dport 4122 -j ACCEPT lets in new connections beyond what the deployment needs: it allows tcp port 4122 from any address; the deployment needs only tcp port 4122 from 10.1.0.0/16; tcp port 4122 from 10.2.0.0/24"),
                (8, "SWP2009", FindingSeverity.Warning, "The rule -A INPUT -s 10.0.0.0/8 -j ACCEPT lets in new connections beyond what the deployment needs: it allows every protocol from 10.0.0.0/8 (what earlier rules leave it); the deployment needs none of it"),
                (9, "SWP2010", FindingSeverity.Info, "The rule -A INPUT -s 192.0.2.0/24 -p tcp -m tcp --dport 8080 -j ACCEPT lets in new connections beyond what the deployment needs: it allows tcp port 8080 from 192.0.2.0/24; the deployment needs none of it"),
                (10, "SWP2009", FindingSeverity.Warning, "The rule -A INPUT -p tcp -m tcp --dport 4118 -j ACCEPT lets in new connections beyond what the deployment needs: it allows tcp port 4118 from any address (what earlier rules leave it); the deployment needs only tcp port 4118 from 3.69.198.64/27, 18.96.34.160/27"),
            ],
            findings.Select(f => (f.Location.Line, f.Id, f.Severity, f.Message)));
    }

    [Fact]
    public void A_firewall_that_lets_in_exactly_what_is_needed_and_filters_nothing_outbound_exposes_nothing()
    {
        AuditFinding[] findings = Exposure(
            Filter(
                "DROP",
                "ACCEPT",
                "-A INPUT -s 3.69.198.64/27 -p tcp -m tcp --dport 4118 -j ACCEPT",
                "-A INPUT -s 18.96.34.160/27 -p tcp -m tcp --dport 4118 -j ACCEPT"),
            new Deployment(Conditions.Bidirectional, Region.Germany),
            Component.Agent);

        Assert.Empty(findings);
    }

    [Fact]
    public void An_allow_all_outbound_after_a_drop_is_a_warning_and_an_extra_network_is_information()
    {
        AuditFinding[] findings = Exposure(
            Filter(
                "DROP",
                "DROP",
                "-A OUTPUT -d 192.0.2.0/24 -j DROP",
                "-A OUTPUT -d 198.51.100.0/24 -p tcp -m tcp --dport 22 -j ACCEPT",
                "-A OUTPUT -j ACCEPT"),
            new Deployment(Conditions.None, Region.Germany),
            Component.Agent);

        AuditFinding ssh = Assert.Single(findings, f => f.Location.Line == 8);
        Assert.Equal("SWP2010", ssh.Id);
        Assert.Equal("The rule -A OUTPUT -d 198.51.100.0/24 -p tcp -m tcp --dport 22 -j ACCEPT lets out new connections beyond what the deployment needs: it allows tcp port 22 to 198.51.100.0/24; the deployment needs none of it", ssh.Message);
        AuditFinding all = Assert.Single(findings, f => f.Location.Line == 9);
        Assert.Equal("SWP2009", all.Id);
        Assert.StartsWith("The rule -A OUTPUT -j ACCEPT lets out new connections beyond what the deployment needs: it allows every protocol to any address (what earlier rules leave it); the deployment needs only ", all.Message, StringComparison.Ordinal);
        Assert.Equal(2, findings.Length);
    }

    [Fact]
    public void Without_the_option_the_audit_reports_no_exposure()
    {
        Assert.Empty(Exposure(Filter("ACCEPT", "ACCEPT"), Relay, Component.Relay, exposure: false));
        // The same host with the option: its INPUT policy accepts everything beyond the relay's flows.
        AuditFinding policy = Assert.Single(Exposure(Filter("ACCEPT", "ACCEPT"), Relay, Component.Relay));
        Assert.Equal("SWP2009", policy.Id);
        Assert.Equal(2, policy.Location.Line);
    }
}

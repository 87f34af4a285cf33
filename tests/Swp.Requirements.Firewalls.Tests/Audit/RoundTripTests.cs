using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Deployments;
using Swp.Requirements.Firewalls.Audit;
using Swp.Requirements.Firewalls.Read;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Audit;

/// <summary>
/// The round-trip laws of render and audit: what we render, loaded into a private network
/// namespace and printed back by the kernel's own tools, is read by our readers and audited
/// against the same deployment: every required flow allowed, nothing warned of; and without any
/// one rendered rule, the audit reports exactly the flow that rule carried.
/// </summary>
public class RoundTripTests
{
    private static readonly Component[] PointsOfView = [Component.Agent, Component.Relay, Component.DataCenterGateway];

    private static Deployment Random(int seed)
    {
        var random = new System.Random(seed);
        Conditions conditions = Conditions.None;
        foreach (Conditions c in new[] { Conditions.Relays, Conditions.Siem, Conditions.Bidirectional, Conditions.DataCenterGateway, Conditions.SmartProtectionServer, Conditions.WebProxy })
        {
            if (random.Next(2) == 0)
            {
                conditions |= c;
            }
        }

        Region region = Regions.All[random.Next(Regions.All.Length)];
        var deployment = new Deployment(conditions | Conditions.Relays | Conditions.DataCenterGateway, region);
        foreach (Component c in new[] { Component.Agent, Component.Relay, Component.DnsServer, Component.SiemSyslogServer, Component.WebProxy, Component.DataCenterGateway })
        {
            if (random.Next(3) > 0)
            {
                int b = random.Next(1, 250);
                deployment = deployment.WithAddresses(c, IPv4Network.Parse($"10.{b}.0.0/16"), IPv4Network.Parse($"172.16.{b}.0/24"));
            }
        }

        return deployment;
    }

    private static AuditReport Audit(ObservedFirewall firewall, Deployment deployment, Component component) =>
        FirewallAudit.Run(firewall, deployment.Resolve(), (int)component);

    private static ObservedFirewall ThroughTheKernel(string format, FirewallPolicy policy) => format == "iptables"
        ? IptablesSaveReader.Read("iptables-save", ExternalTools.IptablesApplyAndSave(new IptablesRenderer { DropOtherTraffic = true }.Render(policy)))
        : NftablesJsonReader.Read("nft -j list ruleset", ExternalTools.NftLoadAndListJson(new NftablesRenderer { DropOtherTraffic = true }.Render(policy)));

    private static string[] NotAllowed(AuditReport report) =>
        [.. report.Flows.Where(f => f.Verdict != AuditVerdict.Allowed).Select(f => (f.Egress ? "egress " : "ingress ") + f.Description)];

    private static string Key(FirewallRule rule, Deployment deployment)
    {
        ResolvedDeployment resolved = deployment.Resolve();
        RequiredFlow flow = resolved.Flows.First(f => (Component)f.Fact.Source == rule.Flow.Source && (Component)f.Fact.Destination == rule.Flow.Destination
            && f.Port == rule.Flow.Port && f.Fact.IPProtocol == (byte)rule.Flow.IPProtocol);
        return (rule.Direction == RuleDirection.Egress ? "egress " : "ingress ") + resolved.Describe(flow);
    }

    private static bool Carries(FirewallRule other, FirewallRule removed) =>
        other.Direction == removed.Direction && other.Port == removed.Port && other.IPProtocol == removed.IPProtocol
        && other.LocalAddresses.SequenceEqual(removed.LocalAddresses)
        && (other.RemoteAddresses.Count == 0 || (removed.RemoteAddresses.Count > 0 && removed.RemoteAddresses.All(n => other.RemoteAddresses.Contains(n))));

    [SkippableTheory]
    [InlineData("iptables")]
    [InlineData("nftables")]
    public void Auditing_what_the_kernel_loaded_from_our_render_allows_every_flow_and_warns_of_nothing(string format)
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            Deployment deployment = Random(seed);
            foreach (Component component in PointsOfView)
            {
                FirewallPolicy policy = FirewallPolicy.Create(deployment, component);
                AuditReport report = Audit(ThroughTheKernel(format, policy), deployment, component);

                Assert.NotEmpty(report.Flows);
                Assert.Empty(NotAllowed(report));
                Assert.DoesNotContain(report.Findings, f => f.Severity != FindingSeverity.Info);
            }
        }
    }

    [SkippableTheory]
    [InlineData("iptables")]
    [InlineData("nftables")]
    public void Without_any_one_rule_the_audit_reports_exactly_the_flow_it_carried(string format)
    {
        Deployment deployment = Random(7);
        FirewallPolicy full = FirewallPolicy.Create(deployment, Component.Relay);
        foreach (FirewallRule removed in full.Rules.Where(r => !r.IsLoopback))
        {
            var policy = new FirewallPolicy(full.Component, [.. full.Rules.Where(r => r != removed)], full.Remarks);

            AuditReport report = Audit(ThroughTheKernel(format, policy), deployment, Component.Relay);

            // Unless another rule carries the same packets (443 to the manager and to the Smart
            // Protection Network are both "any destination on 443"), the removed rule's flow is lost.
            bool alsoCarried = policy.Rules.Any(other => Carries(other, removed));
            Assert.Equal(alsoCarried ? [] : [Key(removed, deployment)], NotAllowed(report));
        }
    }

    [FsCheck.Xunit.Property(MaxTest = 20)]
    public Property Random_deployments_survive_the_iptables_round_trip(PositiveInt seed, byte which)
    {
        if (ExternalTools.Find("iptables-nft-restore") is null && !ExternalTools.IsCi)
        {
            return true.ToProperty(); // the SkippableTheory above reports the missing tool
        }

        Deployment deployment = Random(seed.Get);
        Component component = PointsOfView[which % PointsOfView.Length];
        AuditReport report = Audit(ThroughTheKernel("iptables", FirewallPolicy.Create(deployment, component)), deployment, component);
        return (NotAllowed(report).Length == 0 && report.Findings.All(f => f.Severity == FindingSeverity.Info))
            .Label($"{deployment} at {component.ToId()}: {string.Join("; ", NotAllowed(report).Concat(report.Findings.Where(f => f.Severity != FindingSeverity.Info).Select(f => f.Message)))}");
    }
}

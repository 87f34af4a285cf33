using System;
using System.Collections.Generic;
using System.Linq;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>
/// The policies the renderer tests use, built by hand from the real flow table (the policy builder
/// is not used here): one per golden case.
/// </summary>
public static class TestPolicies
{
    /// <summary>The golden cases, in order.</summary>
    public static readonly IReadOnlyList<string> Cases =
        ["agent-baseline", "relay-bidirectional", "data-center-gateway", "hostile-descriptions"];

    /// <summary>The manager's domain names in Germany (a few of the vendor's).</summary>
    public static readonly IReadOnlyList<string> GermanyManagerDomains =
    [
        "workload.de-1.cloudone.trendmicro.com",
        "agents.workload.de-1.cloudone.trendmicro.com",
        "relay.workload.de-1.cloudone.trendmicro.com",
        "agent-comm.workload.de-1.cloudone.trendmicro.com",
    ];

    /// <summary>The manager's domain names in the USA (a few of the vendor's).</summary>
    public static readonly IReadOnlyList<string> UsaManagerDomains =
    [
        "workload.us-1.cloudone.trendmicro.com",
        "agents.workload.us-1.cloudone.trendmicro.com",
    ];

    /// <summary>Descriptions no output may break on: quotes, backslashes, newlines, non-ASCII, expressions of every dialect.</summary>
    public static readonly IReadOnlyList<string> HostileDescriptions =
    [
        "double \"quotes\" and single 'quotes' and \\\"escaped\\\" and a trailing backslash \\",
        "line one\nline two\r\nline three\ttabbed\u0085NEL\u2028LS\u0000NUL",
        "Gr\u00f6\u00dfe \u2014 na\u00efve \u2018curly\u2019 \u201cdouble\u201d \u65e5\u672c\u8a9e emoji \ud83d\udd25 lone \ud800 surrogate \u202eRTL override",
        "agent -> manager <b>bold</b> ${var} %{if x} $(Remove-Item C:\\) `backtick` | pipe # hash ; semi & amp",
        "[concat('arm', 'expression')]",
        "*/ --> <!-- */ /* -- \" ; DROP TABLE rules; --",
        "",
        string.Concat(Enumerable.Repeat("long description with \"quotes\" and \u00e9 ", 12)),
    ];

    /// <summary>The policy of a case.</summary>
    public static FirewallPolicy Get(string name) => name switch
    {
        "agent-baseline" => AgentBaseline(),
        "relay-bidirectional" => RelayBidirectional(),
        "data-center-gateway" => DataCenterGateway(),
        "hostile-descriptions" => HostileDescriptionsPolicy(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such case."),
    };

    /// <summary>An agent in the baseline deployment: its egress flows, the manager by its US domain names.</summary>
    public static FirewallPolicy AgentBaseline()
    {
        var builder = new PolicyBuilder(Component.Agent);
        foreach (Flow flow in Deployment.Baseline.Flows)
        {
            if (flow.Source == Component.Agent)
            {
                builder.Add(RuleDirection.Egress, flow, domains: flow.Destination == Component.ServerWorkloadProtection ? UsaManagerDomains : null);
            }
        }

        return builder.Build(["Baseline deployment: no condition enabled, no region."]);
    }

    /// <summary>
    /// A relay with relays and bidirectional communication in Germany: the manager's source
    /// subnets (Regions.Subnets(Region.Germany)) as the remote end of 4118, agents in two subnets, the relay's own
    /// subnet as local addresses, a DNS server address, and the loopback port 4123.
    /// </summary>
    public static FirewallPolicy RelayBidirectional()
    {
        Deployment deployment = Deployment.Baseline
            .WithConditions(Conditions.Relays | Conditions.Bidirectional | Conditions.RelayLocalhostPort)
            .WithRegion(Region.Germany);
        IPv4Network[] own = [IPv4Network.Parse("10.20.0.0/24")];
        var builder = new PolicyBuilder(Component.Relay);
        foreach (Flow flow in deployment.Flows)
        {
            if (flow.Source == Component.Relay)
            {
                IReadOnlyList<IPv4Network>? remote = flow.Destination switch
                {
                    Component.DnsServer => [IPv4Network.Parse("10.0.0.2/32")],
                    Component.Relay => own,
                    _ => null,
                };
                builder.Add(RuleDirection.Egress, flow, local: flow.IsHostLocal ? null : own, remote: remote,
                    domains: flow.Destination == Component.ServerWorkloadProtection ? GermanyManagerDomains : null);
                if (flow.IsHostLocal)
                {
                    // The relay's own agent connects to it on loopback: the host firewall accepts it too.
                    builder.Add(RuleDirection.Ingress, flow);
                }
            }

            if (flow.Destination == Component.Relay)
            {
                IReadOnlyList<IPv4Network>? remote = flow.Source switch
                {
                    Component.ServerWorkloadProtection => Regions.Subnets(Region.Germany).ToArray(),
                    Component.Agent => [IPv4Network.Parse("10.30.0.0/16"), IPv4Network.Parse("10.31.0.0/16")],
                    Component.Relay => own,
                    _ => null,
                };
                builder.Add(RuleDirection.Ingress, flow, local: own, remote: remote);
            }
        }

        return builder.Build(["Deployment: relays, bidirectional, relay-localhost-port; region germany."]);
    }

    /// <summary>A data center gateway: vCenter and Active Directory by address, TCP and UDP on 389 and 636.</summary>
    public static FirewallPolicy DataCenterGateway()
    {
        var builder = new PolicyBuilder(Component.DataCenterGateway);
        foreach (Flow flow in Deployment.Baseline.WithConditions(Conditions.DataCenterGateway).Flows)
        {
            if (flow.Source != Component.DataCenterGateway)
            {
                continue;
            }

            IReadOnlyList<IPv4Network>? remote = flow.Destination switch
            {
                Component.Vcenter => [IPv4Network.Parse("10.1.2.3/32")],
                Component.ActiveDirectory => [IPv4Network.Parse("10.1.5.0/28"), IPv4Network.Parse("10.1.6.0/28")],
                Component.DnsServer => [IPv4Network.Parse("10.1.0.53/32")],
                _ => null,
            };
            builder.Add(RuleDirection.Egress, flow, remote: remote,
                domains: flow.Destination == Component.ServerWorkloadProtection ? GermanyManagerDomains : null);
        }

        return builder.Build(["Deployment: data-center-gateway."]);
    }

    /// <summary>Agent flows whose descriptions, remarks and policy remarks are hostile to every dialect, and a rule name longer than Azure's 80.</summary>
    public static FirewallPolicy HostileDescriptionsPolicy()
    {
        var builder = new PolicyBuilder(Component.Agent);
        Flow https = Flows.From(Component.Agent).ToArray().First(f => f.Destination == Component.ServerWorkloadProtection && f.Port == 443);
        Flow dns = Flows.From(Component.Agent).ToArray().First(f => f.Destination == Component.DnsServer);
        Flow bidirectional = Flows.To(Component.Agent).ToArray().First(f => f.Source == Component.ServerWorkloadProtection && f.Port == 4118);
        for (int i = 0; i < HostileDescriptions.Count; i++)
        {
            Flow flow = (i % 3) switch { 0 => https, 1 => dns, _ => bidirectional };
            RuleDirection direction = flow.Destination == Component.Agent ? RuleDirection.Ingress : RuleDirection.Egress;
            builder.Add(direction, flow,
                remote: flow.Source == Component.ServerWorkloadProtection ? [IPv4Network.Parse("3.69.198.64/27")] : null,
                domains: flow.Destination == Component.ServerWorkloadProtection ? GermanyManagerDomains : null,
                description: HostileDescriptions[i],
                remarks: [$"remark {i}: \"quoted\"\nsecond line \u00e9 \\ `"],
                name: $"swp-hostile-{i}");
        }

        builder.Add(RuleDirection.Egress, https, domains: GermanyManagerDomains,
            name: "swp-egress-tcp-443-server-workload-protection-with-a-name-longer-than-azure-takes-for-a-security-rule");
        return builder.Build(["Policy remark with \"quotes\", a newline\nand non-ASCII \u00e9\u00e8 \ud83d\udd25 and */ and -->."]);
    }

    /// <summary>Collects rules with the naming the policy builder will use (direction, protocol, port, the other end).</summary>
    public sealed class PolicyBuilder
    {
        private readonly Component _component;
        private readonly List<FirewallRule> _rules = [];

        public PolicyBuilder(Component component) => _component = component;

        public PolicyBuilder Add(
            RuleDirection direction,
            Flow flow,
            IReadOnlyList<IPv4Network>? local = null,
            IReadOnlyList<IPv4Network>? remote = null,
            IReadOnlyList<string>? domains = null,
            string? description = null,
            IReadOnlyList<string>? remarks = null,
            string? name = null)
        {
            Component other = direction == RuleDirection.Egress ? flow.Destination : flow.Source;
            name ??= $"swp-{(direction == RuleDirection.Egress ? "egress" : "ingress")}-{flow.IPProtocol.ToId()}-{flow.Port}-{other.ToId()}";
            var allRemarks = new List<string>(remarks ?? []);
            if (remarks is null && (remote is null || remote.Count == 0) && (domains is null || domains.Count == 0) && !flow.IsHostLocal)
            {
                allRemarks.Add($"{other.ToId()} has no addresses in the deployment: any address.");
            }

            _rules.Add(new FirewallRule(name, direction, flow, local ?? [], remote ?? [], domains ?? [], description ?? flow.ToString(), allRemarks));
            return this;
        }

        /// <summary>The policy: egress rules, then ingress rules, each in the order added.</summary>
        public FirewallPolicy Build(IReadOnlyList<string> remarks) =>
            new(_component, [.. _rules.Where(r => r.Direction == RuleDirection.Egress), .. _rules.Where(r => r.Direction == RuleDirection.Ingress)], remarks);
    }
}

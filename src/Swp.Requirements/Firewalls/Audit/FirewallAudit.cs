using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Swp.Requirements.Coverage;
using Swp.Requirements.Deployments;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Firewalls.Read;

namespace Swp.Requirements.Firewalls.Audit;

/// <summary>One finding: its kind (stable ID and severity, from <see cref="FindingDescriptors"/>), place in the firewall file, and message.</summary>
internal sealed class AuditFinding
{
    public AuditFinding(FindingDescriptor kind, SourceLocation location, string message)
    {
        Kind = kind;
        Location = location;
        Message = message;
    }

    public FindingDescriptor Kind { get; }

    public string Id => Kind.Id;

    public FindingSeverity Severity => Kind.Severity;

    public SourceLocation Location { get; }

    public string Message { get; }
}

/// <summary>What the audit found for one required flow.</summary>
internal enum AuditVerdict
{
    Allowed,
    PartlyAllowed,
    Blocked,
    Uncertain,
}

/// <summary>The audit of one required flow at the component.</summary>
internal sealed class AuditedFlow
{
    public AuditedFlow(RequiredFlow flow, bool egress, AuditVerdict verdict, string description)
    {
        Flow = flow;
        Egress = egress;
        Verdict = verdict;
        Description = description;
    }

    public RequiredFlow Flow { get; }

    /// <summary>True when the component opens the flow (its egress); false when it accepts it.</summary>
    public bool Egress { get; }

    public AuditVerdict Verdict { get; }

    /// <summary>E.g. <c>agent -&gt; server-workload-protection 443/tcp (https)</c>.</summary>
    public string Description { get; }
}

/// <summary>An audit's result: per required flow, and every finding in file order.</summary>
internal sealed class AuditReport
{
    public AuditReport(List<AuditedFlow> flows, List<AuditFinding> findings)
    {
        Flows = flows;
        Findings = findings;
    }

    public List<AuditedFlow> Flows { get; }

    public List<AuditFinding> Findings { get; }

    public int Count(AuditVerdict verdict) => Flows.Count(f => f.Verdict == verdict);

    /// <summary>True when there was a required flow to audit and every one is allowed (warnings allowed): an audit of nothing has not passed.</summary>
    public bool Passed => Flows.Count > 0 && Flows.All(f => f.Verdict == AuditVerdict.Allowed);
}

/// <summary>
/// "Does this firewall let the deployment's flows through, and more than it should?" for a real
/// firewall read from an export (Firewalls/Read/): every flow the deployment requires at one
/// component, in both directions as <c>render</c> sees them, through the firewall's ordered
/// chains with the one coverage engine; then the rules that open required ports far wider than
/// needed. Shared source: <c>swp-ports audit</c> and the build's check of the firewalls a
/// deployment file names both call this.
/// </summary>
internal static class FirewallAudit
{
    public static readonly string BlockedId = FindingDescriptors.AuditBlocked.Id;
    public static readonly string PartlyAllowedId = FindingDescriptors.AuditPartlyAllowed.Id;
    public static readonly string UncertainId = FindingDescriptors.AuditUncertain.Id;
    public static readonly string RepliesBlockedId = FindingDescriptors.AuditRepliesBlocked.Id;
    public static readonly string ManagerTooWideId = FindingDescriptors.AuditManagerTooWide.Id;
    public static readonly string OpenToAllId = FindingDescriptors.AuditOpenToAll.Id;
    public static readonly string NotEvaluatedId = FindingDescriptors.AuditNotEvaluated.Id;
    public static readonly string SummaryId = FindingDescriptors.AuditSummary.Id;

    /// <param name="firewall">The export, read.</param>
    /// <param name="deployment">The deployment it is audited for.</param>
    /// <param name="component">The component whose firewall it is.</param>
    /// <param name="exposure">Also report what it lets through beyond the deployment (<see cref="FirewallExposure"/>: SWP2009, SWP2010).</param>
    public static AuditReport Run(ObservedFirewall firewall, ResolvedDeployment deployment, int component, bool exposure = false)
    {
        SpecFacts spec = deployment.Spec;
        var flows = new List<AuditedFlow>();
        var findings = new List<AuditFinding>();
        foreach (ReaderNote note in firewall.Notes)
        {
            findings.Add(new AuditFinding(FindingDescriptors.AuditNotEvaluated, note.Location, note.Text));
        }

        var permittingRules = new Dictionary<int, RequiredFlow>();
        var neededAll = new List<(bool Egress, PacketBox Needed)>();
        bool anyIngress = false;
        bool anyEgress = false;
        foreach (RequiredFlow flow in deployment.Flows)
        {
            if (flow.Exclusion >= 0 || flow.Fact.HostLocal)
            {
                continue;
            }

            foreach (bool egress in new[] { true, false })
            {
                if ((egress ? flow.Fact.Source : flow.Fact.Destination) != component)
                {
                    continue;
                }

                // An export names addresses only: a component whose addresses were not given is
                // every address it may have (AddressSpace.Anywhere), so a drop of part of them drops part of the flow.
                PacketBox symbolic = deployment.Needed(flow);
                var needed = new PacketBox(AddressSpace.Concrete(symbolic.Sources), AddressSpace.Concrete(symbolic.Destinations), symbolic.Ports, symbolic.Protocols);
                var names = new AreaNames(
                    needed.Sources.Equals(symbolic.Sources) ? -1 : flow.Fact.Source,
                    needed.Destinations.Equals(symbolic.Destinations) ? -1 : flow.Fact.Destination);
                ObservedDirection direction = egress ? firewall.Egress : firewall.Ingress;
                neededAll.Add((egress, needed));
                anyEgress |= egress;
                anyIngress |= !egress;
                List<ObservedOutcome> outcomes = direction.Evaluate(needed);
                string description = deployment.Describe(flow);
                AuditVerdict verdict = Classify(outcomes);
                foreach (ObservedOutcome o in outcomes.Where(o => o.Outcome.Decision == Decision.Permitted))
                {
                    permittingRules[o.Outcome.RuleId] = flow;
                }

                if (verdict != AuditVerdict.Blocked && RepliesFinding(egress ? firewall.Ingress : firewall.Egress, flow, egress, description, ref verdict) is { } replies)
                {
                    findings.Add(replies);
                }
                else if (verdict != AuditVerdict.Allowed)
                {
                    findings.Add(Finding(firewall, spec, egress, description, verdict, outcomes, names));
                }

                flows.Add(new AuditedFlow(flow, egress, verdict, description));
            }
        }

        // Replies: stateful dialects pass them the other way; a host firewall must accept established packets.
        if (anyEgress && !firewall.Ingress.RepliesAllowed)
        {
            findings.Add(new AuditFinding(FindingDescriptors.AuditRepliesBlocked, firewall.Ingress.RepliesLocation, "Replies to the connections this host opens are not allowed in: " + firewall.Ingress.RepliesText));
        }

        if (anyIngress && !firewall.Egress.RepliesAllowed)
        {
            findings.Add(new AuditFinding(FindingDescriptors.AuditRepliesBlocked, firewall.Egress.RepliesLocation, "Replies to the connections this host accepts are not allowed out: " + firewall.Egress.RepliesText));
        }

        TooWide(firewall, deployment, permittingRules, findings);
        if (exposure)
        {
            findings.AddRange(FirewallExposure.Find(firewall, deployment, component, neededAll));
        }

        findings.Sort((a, b) => a.Location.Line != b.Location.Line ? a.Location.Line.CompareTo(b.Location.Line) : a.Location.Column.CompareTo(b.Location.Column));
        return new AuditReport(flows, findings);
    }

    /// <summary>
    /// A connection needs its replies: where the other direction drops every reply (no rule
    /// accepts established packets before a drop of them all), a TCP flow is blocked whatever lets
    /// its first packet through; a UDP flow is uncertain (one that needs no answer, such as syslog,
    /// still works). Where rules before the drop accept only some replies, which flows they serve
    /// is not modelled: a flow otherwise allowed is uncertain. Null when replies are allowed.
    /// </summary>
    private static AuditFinding? RepliesFinding(ObservedDirection back, RequiredFlow flow, bool egress, string description, ref AuditVerdict verdict)
    {
        if (back.RepliesAllowed || (!back.RepliesCertain && verdict != AuditVerdict.Allowed))
        {
            return null;
        }

        string way = egress ? "out" : "in";
        string replies = egress ? "its replies cannot come back in" : "its replies cannot go back out";
        if (back.RepliesCertain && flow.Fact.IPProtocol == 6)
        {
            verdict = AuditVerdict.Blocked;
            return new AuditFinding(FindingDescriptors.AuditBlocked, back.RepliesLocation, $"Required flow {description} ({way}) is blocked: {replies}: {back.RepliesText}");
        }

        verdict = AuditVerdict.Uncertain;
        string why = back.RepliesCertain
            ? $"{replies} ({back.RepliesText}): a UDP flow that needs an answer (DNS, NTP) fails; one that needs none (syslog) works, so which it is is not modelled"
            : $"its replies may be dropped ({back.RepliesText})";
        return new AuditFinding(FindingDescriptors.AuditUncertain, back.RepliesLocation, $"Required flow {description} ({way}) is uncertain: {why}");
    }

    /// <summary>The verdict of the one coverage engine (<see cref="CoverageEngine.Summarize"/>) on every base chain's outcomes.</summary>
    private static AuditVerdict Classify(List<ObservedOutcome> outcomes) =>
        CoverageEngine.Summarize([.. outcomes.Select(o => o.Outcome)]) switch
        {
            Verdict.Allowed => AuditVerdict.Allowed,
            Verdict.PartlyAllowed => AuditVerdict.PartlyAllowed,
            Verdict.Blocked => AuditVerdict.Blocked,
            _ => AuditVerdict.Uncertain,
        };

    private static AuditFinding Finding(ObservedFirewall firewall, SpecFacts spec, bool egress, string description, AuditVerdict verdict, List<ObservedOutcome> outcomes, AreaNames names)
    {
        string way = egress ? "out" : "in";
        string Area(IEnumerable<ObservedOutcome> parts) =>
            DeploymentCoverage.DescribeArea(parts.Select(o => o.Outcome.Packets), spec, names.Source, names.Destination);
        List<ObservedOutcome> permitted = [.. outcomes.Where(o => o.Outcome.IsPermitted)];
        List<ObservedOutcome> denied = [.. outcomes.Where(o => o.Outcome.Decision is Decision.Denied or Decision.DefaultDenied)];
        // A flow to or from anywhere that is let through to some addresses: say to which.
        bool remoteAnywhere = (egress ? names.Destination : names.Source) >= 0;
        string allowedPart = permitted.Count == 0 || !remoteAnywhere ? "" : "; it is allowed " + Area(permitted);
        if (verdict == AuditVerdict.Uncertain)
        {
            ObservedOutcome deciding = outcomes.First(o => o.Outcome.Decision == Decision.NotEvaluated);
            ObservedRule? rule = firewall.RuleOf(deciding.Outcome);
            string why = rule?.NotEvaluatedReason ?? "a jump that could not be followed";
            string undecided = Area(outcomes.Where(o => o.Outcome.Decision == Decision.NotEvaluated));
            string blockedPart = "";
            if (denied.Count > 0)
            {
                ObservedRule? denier = firewall.RuleOf(denied[0].Outcome);
                blockedPart = "; " + (denier is null ? denied[0].BaseChain.DefaultText : "the rule " + denier.Text) + " blocks it " + Area(denied);
            }

            return new AuditFinding(FindingDescriptors.AuditUncertain, rule?.Location ?? deciding.BaseChain.DefaultLocation,
                $"Required flow {description} ({way}) is uncertain: this rule decides it {undecided} and was not evaluated ({why}){blockedPart}{allowedPart}");
        }

        ObservedOutcome blocking = denied[0];
        ObservedRule? by = firewall.RuleOf(blocking.Outcome);
        SourceLocation location = by?.Location ?? blocking.BaseChain.DefaultLocation;
        string decidedBy = by is null ? blocking.BaseChain.DefaultText : "the rule " + by.Text;
        string notAllowed = DeploymentCoverage.DescribeNotPermitted([.. outcomes.Select(o => o.Outcome)], spec, names.Source, names.Destination);
        if (verdict == AuditVerdict.Blocked)
        {
            return new AuditFinding(FindingDescriptors.AuditBlocked, location, $"Required flow {description} ({way}) is blocked by {decidedBy}");
        }

        // Several rules or defaults block parts, or a part is not evaluated: name each (in the
        // order met), with the part it decides.
        var blockers = denied.GroupBy(o => (o.Outcome.RuleId, o.BaseChain)).ToList();
        var unevaluated = outcomes.Where(o => o.Outcome.Decision == Decision.NotEvaluated).GroupBy(o => (o.Outcome.RuleId, o.BaseChain)).ToList();
        if (blockers.Count > 1 || unevaluated.Count > 0)
        {
            IEnumerable<string> parts = blockers.Select(g =>
            {
                ObservedRule? r = firewall.RuleOf(g.First().Outcome);
                return (r is null ? g.Key.BaseChain.DefaultText : "the rule " + r.Text) + " blocks it " + Area(g);
            }).Concat(unevaluated.Select(g =>
            {
                ObservedRule? r = firewall.RuleOf(g.First().Outcome);
                return (r is null ? "a jump that could not be followed" : "the rule " + r.Text + ", not evaluated (" + r.NotEvaluatedReason + "),")
                    + " decides it " + Area(g);
            }));
            return new AuditFinding(FindingDescriptors.AuditPartlyAllowed, location, $"Required flow {description} ({way}) is only partly allowed: {string.Join("; ", parts)}{allowedPart}");
        }

        // Partly allowed by default: the rule that allows the rest is where the fix goes.
        ObservedRule? partial = by is null ? permitted.Where(o => o.Outcome.Decision == Decision.Permitted).Select(o => firewall.RuleOf(o.Outcome)).FirstOrDefault(r => r is not null) : null;
        return partial is null
            ? new AuditFinding(FindingDescriptors.AuditPartlyAllowed, location, $"Required flow {description} ({way}) is only partly allowed: {decidedBy} blocks it {notAllowed}{allowedPart}")
            : new AuditFinding(FindingDescriptors.AuditPartlyAllowed, partial.Location, $"Required flow {description} ({way}) is only partly allowed: this rule allows part of it, and {blocking.BaseChain.DefaultText} blocks it {notAllowed}{allowedPart}");
    }

    /// <summary>For messages: the flow's source and destination components whose addresses were made concrete (every address they may have), or -1.</summary>
    private readonly record struct AreaNames(int Source, int Destination);

    private static void TooWide(ObservedFirewall firewall, ResolvedDeployment deployment, Dictionary<int, RequiredFlow> permittingRules, List<AuditFinding> findings)
    {
        SpecFacts spec = deployment.Spec;
        var rules = new Dictionary<int, CoverageRule>();
        var ingress = new Dictionary<int, CoverageRule>();
        foreach (ObservedBaseChain chain in firewall.Ingress.BaseChains)
        {
            chain.Chain.CollectRules(ingress);
            chain.Chain.CollectRules(rules);
        }

        foreach (ObservedBaseChain chain in firewall.Egress.BaseChains)
        {
            chain.Chain.CollectRules(rules);
        }

        foreach (KeyValuePair<int, RequiredFlow> pair in permittingRules.OrderBy(p => p.Key))
        {
            if (!rules.TryGetValue(pair.Key, out CoverageRule? rule) || pair.Key >= firewall.Rules.Count)
            {
                continue;
            }

            ObservedRule observed = firewall.Rules[pair.Key];
            bool allPorts = rule.Match.Ports.Equals(PacketBox.AllPorts) || (rule.Match.Ports.Min <= 1 && rule.Match.Ports.Max == 65535 && rule.Match.Ports.Count == 1);
            bool allProtocols = rule.Match.Protocols.Equals(PacketBox.AllProtocols);
            bool fromAnywhere = rule.Match.Sources.Equals(AddressSpace.Any);
            // Inbound only: an outbound allow-all (every AWS security group's default) is the norm.
            if (fromAnywhere && (allPorts || allProtocols) && ingress.ContainsKey(pair.Key))
            {
                findings.Add(new AuditFinding(FindingDescriptors.AuditOpenToAll, observed.Location,
                    $"This rule allows {(allProtocols ? "every protocol" : "every port")} from any address (0.0.0.0/0): far wider than the flows it carries, e.g. {deployment.Describe(pair.Value)}"));
                continue;
            }

            RequiredFlow flow = pair.Value;
            if (flow.Fact.Source == spec.Manager && deployment.Region >= 0
                && !rule.Match.Sources.Subtract(deployment.RegionSubnets.Union(AddressSpace.Unknown(spec.Manager))).IsEmpty)
            {
                string subnets = string.Join(", ", spec.RegionSubnets[deployment.Region].Select(n => Net.Ipv4Text.Format(n.Network) + "/" + n.PrefixLength.ToString(CultureInfo.InvariantCulture)));
                findings.Add(new AuditFinding(FindingDescriptors.AuditManagerTooWide, observed.Location,
                    $"This rule lets {deployment.Describe(flow)} in from addresses outside the {spec.RegionIds[deployment.Region]} manager subnets ({subnets})"));
            }
        }
    }

    /// <summary>A one-line summary of the audit, e.g. for the end of a report.</summary>
    public static string Summary(AuditReport report) => string.Format(
        CultureInfo.InvariantCulture,
        "{0} required flow(s) audited: {1} allowed, {2} partly allowed, {3} blocked, {4} uncertain",
        report.Flows.Count, report.Count(AuditVerdict.Allowed), report.Count(AuditVerdict.PartlyAllowed), report.Count(AuditVerdict.Blocked), report.Count(AuditVerdict.Uncertain));
}

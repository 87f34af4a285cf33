using System.Collections.Generic;
using System.Linq;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Deployments;

/// <summary>What a firewall does with one required flow.</summary>
internal enum FlowStatus
{
    /// <summary>Every packet of the flow is permitted.</summary>
    Allowed,

    /// <summary>Some packets are permitted, others not (see <see cref="FlowCheck.Remainder"/>).</summary>
    PartlyAllowed,

    /// <summary>No packet is permitted.</summary>
    Blocked,

    /// <summary>Not permitted, but rules permit it on the other IP protocol (see <see cref="FlowCheck.RuleId"/>).</summary>
    WrongIPProtocol,

    /// <summary>A rule that was not evaluated decides some packets.</summary>
    Uncertain,

    /// <summary>Not checked: the deployment excludes it (see <see cref="RequiredFlow.Exclusion"/>).</summary>
    Excluded,

    /// <summary>Not checked: neither end is a component the firewall is for.</summary>
    OutOfScope,

    /// <summary>Not checked: it stays on one host (loopback) and belongs in a host firewall only.</summary>
    HostOnly,

    /// <summary>Not checked: an address of one of its ends could not be read (reported where it stands).</summary>
    Unreadable,
}

/// <summary>The check of one required flow.</summary>
internal sealed class FlowCheck
{
    public FlowCheck(RequiredFlow flow, FlowStatus status, List<Outcome> outcomes, int ruleId, string remainder)
    {
        Flow = flow;
        Status = status;
        Outcomes = outcomes;
        RuleId = ruleId;
        Remainder = remainder;
    }

    public RequiredFlow Flow { get; }

    public FlowStatus Status { get; }

    /// <summary>Every part of the flow's packets with its decision (empty when not checked).</summary>
    public List<Outcome> Outcomes { get; }

    /// <summary>The rule that matters for the message: the wrong-protocol rule, the denying rule, or the not-evaluated one; -1 for none or the default.</summary>
    public int RuleId { get; }

    /// <summary>What is not permitted, e.g. <c>from 10.2.0.0/16 to any address</c>; empty when allowed.</summary>
    public string Remainder { get; }
}

/// <summary>
/// The one answer to "does this rule chain let a deployment's flows through?": for every
/// required flow, the packets it needs minus what the chain permits (see
/// <see cref="CoverageEngine"/>), classified; and the rules that let a manager-initiated flow
/// in from beyond the region's subnets. Shared source: deployment files at build time, the
/// library's rule sets and the tool's audit call this.
/// </summary>
internal static class DeploymentCoverage
{
    /// <summary>Checks every required flow against <paramref name="chain"/>, in table order.</summary>
    public static List<FlowCheck> Check(ResolvedDeployment deployment, RuleChain chain, bool defaultPermits)
    {
        var checks = new List<FlowCheck>(deployment.Flows.Count);
        foreach (RequiredFlow flow in deployment.Flows)
        {
            checks.Add(Check(deployment, flow, chain, defaultPermits));
        }

        return checks;
    }

    /// <summary>Checks one required flow.</summary>
    public static FlowCheck Check(ResolvedDeployment deployment, RequiredFlow flow, RuleChain chain, bool defaultPermits)
    {
        FlowStatus? skipped = flow.Exclusion >= 0 ? FlowStatus.Excluded
            : !flow.InScope ? FlowStatus.OutOfScope
            : flow.Fact.HostLocal ? FlowStatus.HostOnly
            : deployment.IsUnreadable(flow.Fact.Source) || deployment.IsUnreadable(flow.Fact.Destination) ? FlowStatus.Unreadable
            : null;
        if (skipped is { } notChecked)
        {
            return new FlowCheck(flow, notChecked, [], -1, "");
        }

        PacketBox needed = deployment.Needed(flow);
        List<Outcome> outcomes = CoverageEngine.Evaluate(needed, chain, defaultPermits);
        Verdict verdict = CoverageEngine.Summarize(outcomes);
        string remainder = verdict == Verdict.Allowed ? "" : DescribeNotPermitted(outcomes, deployment.Spec);
        switch (verdict)
        {
            case Verdict.Allowed:
                return new FlowCheck(flow, FlowStatus.Allowed, outcomes, -1, "");
            case Verdict.Uncertain:
                return new FlowCheck(flow, FlowStatus.Uncertain, outcomes, FirstRule(outcomes, Decision.NotEvaluated), remainder);
            case Verdict.PartlyAllowed:
                return new FlowCheck(flow, FlowStatus.PartlyAllowed, outcomes, FirstRule(outcomes, Decision.Denied), remainder);
        }

        // Blocked: is it the IP protocol? The same packets on the other one are all permitted.
        byte other = flow.Fact.IPProtocol == 6 ? (byte)17 : (byte)6;
        List<Outcome> otherOutcomes = CoverageEngine.Evaluate(needed.WithProtocols(IntervalSet.Single(other)), chain, defaultPermits: false);
        if (CoverageEngine.Summarize(otherOutcomes) == Verdict.Allowed)
        {
            return new FlowCheck(flow, FlowStatus.WrongIPProtocol, outcomes, FirstRule(otherOutcomes, Decision.Permitted), remainder);
        }

        return new FlowCheck(flow, FlowStatus.Blocked, outcomes, FirstRule(outcomes, Decision.Denied), remainder);
    }

    /// <summary>
    /// The rules that let a manager-initiated flow's port (to its destination, on its protocol)
    /// in from beyond the region's subnets (the manager's only source addresses), whatever other
    /// rules say (a wide rule next to a correct one is still too wide): (rule ID, the flow it opens
    /// too wide), each rule once, in rule order. "Beyond" is beyond the region's subnets and the
    /// sources of the other required flows to the same destination, port and IP protocol (agents
    /// send syslog to the SIEM too). Empty when the region is unknown.
    /// </summary>
    public static List<(int RuleId, FlowCheck Check)> TooWide(ResolvedDeployment deployment, IEnumerable<FlowCheck> checks, RuleChain chain)
    {
        var result = new List<(int, FlowCheck)>();
        if (deployment.Region < 0 || deployment.Spec.Manager < 0)
        {
            return result;
        }

        var rules = new Dictionary<int, CoverageRule>();
        chain.CollectRules(rules);
        IntervalSet manager = deployment.RegionSubnets.Union(AddressSpace.Unknown(deployment.Spec.Manager));
        var seen = new HashSet<int>();
        List<CoverageRule> permits = [.. rules.Values.Where(r => r.Action == RuleAction.Permit).OrderBy(r => r.Id)];
        foreach (FlowCheck check in checks)
        {
            if (check.Flow.Fact.Source != deployment.Spec.Manager)
            {
                continue;
            }

            // Where the manager's connections of this flow go: any source, the flow's destination, port and protocol.
            PacketBox needed = deployment.Needed(check.Flow);
            var area = new PacketBox(AddressSpace.Any, needed.Destinations, needed.Ports, needed.Protocols);
            IntervalSet allowed = manager;
            foreach (FlowCheck other in checks)
            {
                FlowFact f = other.Flow.Fact;
                if (f.Source != deployment.Spec.Manager && f.Destination == check.Flow.Fact.Destination && other.Flow.Port == check.Flow.Port && f.IPProtocol == check.Flow.Fact.IPProtocol)
                {
                    allowed = allowed.Union(deployment.AddressesOf(f.Source, asSource: true));
                }
            }

            foreach (CoverageRule rule in permits)
            {
                // Addresses only: a rule that names a component (no addresses given) holds no address the manager could come from.
                if (rule.Match.Overlaps(area) && !rule.Match.Sources.Subtract(allowed).Intersect(AddressSpace.AllIpv4).IsEmpty && seen.Add(rule.Id))
                {
                    result.Add((rule.Id, check));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The packets not permitted, by (sources, destinations), e.g. <c>from 10.2.0.0/16 to any address</c>.
    /// The text depends on those packets only, not on how the rules cut them: the sources are
    /// grouped by the destinations they lack, in source order, so one rule and its two halves
    /// give the same text.
    /// </summary>
    /// <param name="outcomes">The outcomes of one flow.</param>
    /// <param name="spec">The spec, for component names.</param>
    /// <param name="sourceAnywhereOf">The source component whose symbol was made concrete (<see cref="AddressSpace.Concrete"/>), or -1.</param>
    /// <param name="destinationAnywhereOf">The destination component whose symbol was made concrete, or -1.</param>
    public static string DescribeNotPermitted(List<Outcome> outcomes, SpecFacts spec, int sourceAnywhereOf = -1, int destinationAnywhereOf = -1) =>
        DescribeArea(outcomes.Where(o => !o.IsPermitted).Select(o => o.Packets), spec, sourceAnywhereOf, destinationAnywhereOf);

    /// <summary>The area (sources × destinations) of some packets as text, e.g. <c>from 10.2.0.0/16 to any address</c>; see <see cref="DescribeNotPermitted"/>.</summary>
    public static string DescribeArea(IEnumerable<PacketBox> packets, SpecFacts spec, int sourceAnywhereOf = -1, int destinationAnywhereOf = -1)
    {
        var parts = new List<string>();
        foreach ((IntervalSet sources, IntervalSet destinations) in Canonical(packets))
        {
            parts.Add("from " + AddressSpace.Describe(sources, spec.ComponentIds, spec.DynamicAddresses, sourceAnywhereOf)
                + " to " + AddressSpace.Describe(destinations, spec.ComponentIds, spec.DynamicAddresses, destinationAnywhereOf));
        }

        const int Shown = 4;
        string shown = string.Join("; ", parts.Take(Shown));
        return parts.Count > Shown ? shown + "; and " + (parts.Count - Shown).ToString(System.Globalization.CultureInfo.InvariantCulture) + " more" : shown;
    }

    /// <summary>
    /// The (sources × destinations) area of <paramref name="boxes"/> as one list that depends on
    /// the area alone: the source line cut where any box's sources start or end, each run paired
    /// with the union of the destinations of the boxes that hold it, runs with equal destinations
    /// joined, ordered by their first source.
    /// </summary>
    private static List<(IntervalSet Sources, IntervalSet Destinations)> Canonical(IEnumerable<PacketBox> boxes)
    {
        List<PacketBox> list = boxes.ToList();
        var cuts = new SortedSet<ulong>();
        foreach (PacketBox box in list)
        {
            for (int i = 0; i < box.Sources.Count; i++)
            {
                cuts.Add(box.Sources.First(i));
                if (box.Sources.Last(i) != ulong.MaxValue)
                {
                    cuts.Add(box.Sources.Last(i) + 1);
                }
            }
        }

        var groups = new List<(List<(ulong, ulong)> Sources, IntervalSet Destinations)>();
        ulong[] points = cuts.ToArray();
        for (int c = 0; c < points.Length; c++)
        {
            ulong first = points[c];
            ulong last = c + 1 < points.Length ? points[c + 1] - 1 : ulong.MaxValue;
            IntervalSet destinations = IntervalSet.Empty;
            foreach (PacketBox box in list)
            {
                if (box.Sources.Contains(first))
                {
                    destinations = destinations.Union(box.Destinations);
                }
            }

            if (destinations.IsEmpty)
            {
                continue;
            }

            int g = groups.FindIndex(x => x.Destinations.Equals(destinations));
            if (g < 0)
            {
                groups.Add((new List<(ulong, ulong)>(), destinations));
                g = groups.Count - 1;
            }

            groups[g].Sources.Add((first, last));
        }

        return groups.Select(x => (IntervalSet.FromIntervals(x.Sources), x.Destinations)).ToList();
    }

    private static int FirstRule(List<Outcome> outcomes, Decision decision)
    {
        foreach (Outcome o in outcomes)
        {
            if (o.Decision == decision)
            {
                return o.RuleId;
            }
        }

        return -1;
    }
}

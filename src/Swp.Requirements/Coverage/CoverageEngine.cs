using System;
using System.Collections.Generic;

namespace Swp.Requirements.Coverage;

/// <summary>How a part of a flow's packets was decided.</summary>
internal enum Decision
{
    /// <summary>A rule permits them.</summary>
    Permitted,

    /// <summary>A rule denies them.</summary>
    Denied,

    /// <summary>A rule that was not evaluated decides them.</summary>
    NotEvaluated,

    /// <summary>No rule decided them; the default policy permits them.</summary>
    DefaultPermitted,

    /// <summary>No rule decided them; the default policy denies them.</summary>
    DefaultDenied,
}

/// <summary>A part of a flow's packets and how it was decided: by which rule (<see cref="RuleId"/>), or by the default (-1).</summary>
internal sealed class Outcome
{
    public Outcome(PacketBox packets, Decision decision, CoverageRule? rule)
    {
        Packets = packets;
        Decision = decision;
        Rule = rule;
    }

    public PacketBox Packets { get; }

    public Decision Decision { get; }

    /// <summary>The deciding rule's handle (<see cref="CoverageRule.Id"/>), or -1 for the default.</summary>
    public int RuleId => Rule?.Id ?? -1;

    /// <summary>The rule that decided, or null for the default.</summary>
    public CoverageRule? Rule { get; }

    /// <summary>True for <see cref="Decision.Permitted"/> and <see cref="Decision.DefaultPermitted"/>.</summary>
    public bool IsPermitted => Decision is Decision.Permitted or Decision.DefaultPermitted;
}

/// <summary>The verdict on a flow: how much of the packets it needs get through.</summary>
internal enum Verdict
{
    /// <summary>Every packet is permitted.</summary>
    Allowed,

    /// <summary>Some packets are permitted, others denied (and any others not evaluated).</summary>
    PartlyAllowed,

    /// <summary>No packet is permitted: every one is denied.</summary>
    Blocked,

    /// <summary>A rule that was not evaluated decides some packets, and no packet is permitted for sure or none is denied for sure.</summary>
    Uncertain,
}

/// <summary>
/// The one coverage engine (the model of Batfish's <c>searchFilters</c>): the packets a flow
/// needs, minus what an ordered chain of rules decides, first match first; what no rule
/// decides meets the default policy. Pure interval arithmetic on <see cref="PacketBox"/>es:
/// a /0 costs what a /32 costs. Shared source: the generator's deployment checks, the
/// library's rule sets and the tool's audit all call this.
/// </summary>
internal static class CoverageEngine
{
    private const int MaxJumpDepth = 64;

    /// <summary>How many unevaluated rules with a known verdict one evaluation looks past (each once more costs a run).</summary>
    private const int MaxLookPast = 8;

    /// <summary>
    /// Splits <paramref name="needed"/> into disjoint parts, each with its decision. The parts
    /// cover <paramref name="needed"/> exactly.
    /// </summary>
    public static List<Outcome> Evaluate(PacketBox needed, RuleChain chain, bool defaultPermits) =>
        Evaluate(needed, chain, defaultPermits, null);

    /// <summary>
    /// <see cref="Evaluate(PacketBox, RuleChain, bool)"/> with the unevaluated rules in
    /// <paramref name="assumed"/> taken as matching nothing (false) or every packet of their box
    /// (true: they do what <see cref="CoverageRule.IfMatched"/> says). An unevaluated rule whose
    /// action is known decides the packets it may match only where the two readings differ: where
    /// the chain gives them the same verdict whether the rule matches or not, that is the outcome
    /// either way. For an accept or a drop, "matches" is that verdict; for a return or a jump it is
    /// what the chain does after leaving, or entering, so both readings are evaluated.
    /// </summary>
    private static List<Outcome> Evaluate(PacketBox needed, RuleChain chain, bool defaultPermits, Dictionary<CoverageRule, bool>? assumed)
    {
        var outcomes = new List<Outcome>();
        List<PacketBox> undecided = needed.IsEmpty ? [] : [needed];
        undecided = Run(chain, undecided, outcomes, 0, assumed);
        foreach (PacketBox rest in undecided)
        {
            outcomes.Add(new Outcome(rest, defaultPermits ? Decision.DefaultPermitted : Decision.DefaultDenied, null));
        }

        if ((assumed?.Count ?? 0) >= MaxLookPast)
        {
            return outcomes;
        }

        List<Outcome>? settled = null;
        for (int i = 0; i < outcomes.Count; i++)
        {
            Outcome o = outcomes[i];
            if (o.Decision != Decision.NotEvaluated || o.Rule?.IfMatched is not { } verdict)
            {
                settled?.Add(o);
                continue;
            }

            settled ??= outcomes.GetRange(0, i);
            List<Outcome> unmatched = Evaluate(o.Packets, chain, defaultPermits, With(assumed, o.Rule, false));
            if (verdict is RuleAction.Permit or RuleAction.Deny)
            {
                // Were the rule not to match: where the rest gives the same verdict, that is the outcome
                // either way; elsewhere the unevaluated part decides.
                foreach (Outcome rest in unmatched)
                {
                    bool same = verdict == RuleAction.Permit ? rest.IsPermitted : IsDenied(rest);
                    settled.Add(same ? rest : new Outcome(rest.Packets, Decision.NotEvaluated, o.Rule));
                }

                continue;
            }

            // A return or a jump: compare both readings part by part.
            List<Outcome> matched = Evaluate(o.Packets, chain, defaultPermits, With(assumed, o.Rule, true));
            foreach (Outcome a in unmatched)
            {
                foreach (Outcome b in matched)
                {
                    if (!a.Packets.Overlaps(b.Packets))
                    {
                        continue;
                    }

                    PacketBox both = a.Packets.Intersect(b.Packets);
                    bool same = a.IsPermitted == b.IsPermitted && IsDenied(a) == IsDenied(b) && a.Decision != Decision.NotEvaluated && b.Decision != Decision.NotEvaluated;
                    settled.Add(same ? new Outcome(both, a.Decision, a.Rule) : new Outcome(both, Decision.NotEvaluated, o.Rule));
                }
            }
        }

        return settled ?? outcomes;
    }

    private static bool IsDenied(Outcome o) => o.Decision is Decision.Denied or Decision.DefaultDenied;

    private static Dictionary<CoverageRule, bool> With(Dictionary<CoverageRule, bool>? assumed, CoverageRule rule, bool matches) =>
        new(assumed ?? new Dictionary<CoverageRule, bool>()) { [rule] = matches };

    /// <summary>The verdict on a set of outcomes.</summary>
    public static Verdict Summarize(List<Outcome> outcomes)
    {
        bool permitted = false;
        bool denied = false;
        bool unknown = false;
        foreach (Outcome o in outcomes)
        {
            permitted |= o.IsPermitted;
            unknown |= o.Decision == Decision.NotEvaluated;
            denied |= o.Decision is Decision.Denied or Decision.DefaultDenied;
        }

        // Some denied and some permitted for sure: partly allowed, whatever the rest is. Denied and
        // not evaluated, nothing permitted for sure: the unevaluated part may pass, so uncertain.
        return denied ? (permitted ? Verdict.PartlyAllowed : unknown ? Verdict.Uncertain : Verdict.Blocked)
            : unknown ? Verdict.Uncertain
            : Verdict.Allowed;
    }

    /// <summary>Runs the packets through a chain; returns what it leaves undecided (fallen through or returned).</summary>
    private static List<PacketBox> Run(RuleChain chain, List<PacketBox> undecided, List<Outcome> outcomes, int depth, Dictionary<CoverageRule, bool>? assumed)
    {
        var returned = new List<PacketBox>();
        var next = new List<PacketBox>();

        // Prefilter: the ports and protocols of every packet that can still be undecided in this
        // run (what comes later is always a part of what came in). A rule whose port or protocol
        // range misses them overlaps no box, so it is passed over without visiting its sets:
        // with thousands of rules for other services, a flow costs one sequential read of the ranges.
        ulong portMin = ulong.MaxValue, portMax = 0, protocolMin = ulong.MaxValue, protocolMax = 0;
        foreach (PacketBox box in undecided)
        {
            portMin = Math.Min(portMin, box.Ports.Min);
            portMax = Math.Max(portMax, box.Ports.Max);
            protocolMin = Math.Min(protocolMin, box.Protocols.Min);
            protocolMax = Math.Max(protocolMax, box.Protocols.Max);
        }

        IReadOnlyList<CoverageRule> rules = chain.Rules;
        RuleRange[] ranges = chain.Ranges;
        for (int r = 0; r < ranges.Length; r++)
        {
            if (undecided.Count == 0)
            {
                break;
            }

            if (!ranges[r].Meets(portMin, portMax, protocolMin, protocolMax))
            {
                continue;
            }

            CoverageRule rule = rules[r];
            RuleAction action = rule.Action;
            if (assumed is not null && assumed.TryGetValue(rule, out bool matches))
            {
                if (!matches)
                {
                    continue;
                }

                action = rule.IfMatched ?? RuleAction.NotEvaluated;
            }

            List<PacketBox>? matched = null;
            next.Clear();
            foreach (PacketBox box in undecided)
            {
                if (!box.Overlaps(rule.Match))
                {
                    next.Add(box);
                    continue;
                }

                (matched ??= []).Add(box.Intersect(rule.Match));
                box.SubtractInto(rule.Match, next);
            }

            if (matched is null)
            {
                continue;
            }

            (undecided, next) = (next, undecided);
            switch (action)
            {
                case RuleAction.Permit:
                    Record(matched, Decision.Permitted, rule, outcomes);
                    break;
                case RuleAction.Deny:
                    Record(matched, Decision.Denied, rule, outcomes);
                    break;
                case RuleAction.NotEvaluated:
                    Record(matched, Decision.NotEvaluated, rule, outcomes);
                    break;
                case RuleAction.Return:
                    returned.AddRange(matched);
                    break;
                case RuleAction.Jump when rule.Target is not null && depth < MaxJumpDepth:
                    // What the target leaves undecided continues with this chain's next rule.
                    undecided.AddRange(Run(rule.Target, matched, outcomes, depth + 1, assumed));
                    break;
                default:
                    // A jump nowhere or too deep (a loop): decided in a way we cannot evaluate.
                    Record(matched, Decision.NotEvaluated, rule, outcomes);
                    break;
            }
        }

        undecided.AddRange(returned);
        return undecided;
    }

    private static void Record(List<PacketBox> boxes, Decision decision, CoverageRule rule, List<Outcome> outcomes)
    {
        foreach (PacketBox box in boxes)
        {
            outcomes.Add(new Outcome(box, decision, rule));
        }
    }
}

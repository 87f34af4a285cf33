using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Swp.Requirements.Coverage;
using Outcome = Swp.Requirements.Coverage.Outcome;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// The coverage laws of issue 8, on the shared engine (<see cref="CoverageEngine"/>, compiled
/// into the generator): over random ordered chains of permit, deny and not-evaluated rules and
/// random packet boxes, decided at every cell of the grid the boxes' edges make (which decides a
/// union of boxes exactly), against a first-match reference written here, one packet at a time.
/// </summary>
public class CoverageLawProperties
{
    [Property(MaxTest = 300, Arbitrary = [typeof(CoverageArbitraries)])]
    public void The_outcomes_split_the_needed_packets_exactly_and_each_is_the_first_matching_rules(CoverageCase c)
    {
        List<Outcome> outcomes = CoverageEngine.Evaluate(c.Needed, c.Chain, c.DefaultPermits);
        foreach (ulong[] p in Grid.Points(c.Needed, c.Chain.Rules.Select(r => r.Match)))
        {
            Outcome[] holding = [.. outcomes.Where(o => Grid.Contains(o.Packets, p))];
            Assert.True(holding.Length == 1, $"{holding.Length} outcomes hold {Grid.Show(p)}");
            (Decision decision, int ruleId) = Reference.Decide(p, c.Chain, c.DefaultPermits);
            Assert.Equal((decision, ruleId), (holding[0].Decision, holding[0].RuleId));
        }

        // Nothing outside the needed packets is decided.
        Assert.All(outcomes, o => Assert.True(Grid.IsWithin(o.Packets, c.Needed), o.Packets.ToString()));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(CoverageArbitraries)])]
    public void Splitting_a_rule_in_two_by_addresses_ports_or_protocols_changes_no_decision(CoverageCase c, int which, int how)
    {
        if (c.Chain.Rules.Count == 0)
        {
            return;
        }

        int k = Index(which, c.Chain.Rules.Count);
        CoverageRule rule = c.Chain.Rules[k];
        if (Split(rule.Match, Index(how, 4)) is not { } halves)
        {
            return;
        }

        var rules = new List<CoverageRule>(c.Chain.Rules);
        rules.RemoveAt(k);
        rules.Insert(k, new CoverageRule(halves.Second, rule.Action, 1000 + k));
        rules.Insert(k, new CoverageRule(halves.First, rule.Action, rule.Id));
        var split = new RuleChain("split", rules);

        List<Outcome> before = CoverageEngine.Evaluate(c.Needed, c.Chain, c.DefaultPermits);
        List<Outcome> after = CoverageEngine.Evaluate(c.Needed, split, c.DefaultPermits);
        Assert.Equal(CoverageEngine.Summarize(before), CoverageEngine.Summarize(after));
        foreach (ulong[] p in Grid.Points(c.Needed, rules.Select(r => r.Match)))
        {
            Assert.Equal(Grid.DecisionAt(before, p), Grid.DecisionAt(after, p));
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(CoverageArbitraries)])]
    public void With_allow_rules_only_removing_a_rule_never_allows_more_and_adding_one_never_less(CoverageCase c, CoverageCase other, int which)
    {
        RuleChain allow = PermitsOnly(c.Chain);
        List<Outcome> full = CoverageEngine.Evaluate(c.Needed, allow, defaultPermits: false);

        if (allow.Rules.Count > 0)
        {
            var fewer = new List<CoverageRule>(allow.Rules);
            fewer.RemoveAt(Index(which, allow.Rules.Count));
            List<Outcome> removed = CoverageEngine.Evaluate(c.Needed, new RuleChain("fewer", fewer), defaultPermits: false);
            AssertAllowsNoMore(removed, full, c.Needed, allow.Rules);
            Assert.True(Rank(CoverageEngine.Summarize(removed)) <= Rank(CoverageEngine.Summarize(full)));
        }

        // Another case's rules, put anywhere.
        var more = new List<CoverageRule>(allow.Rules);
        int at = Index(which, allow.Rules.Count + 1);
        more.InsertRange(at, PermitsOnly(other.Chain).Rules.Select(r => new CoverageRule(r.Match, RuleAction.Permit, 2000 + r.Id)));
        List<Outcome> added = CoverageEngine.Evaluate(c.Needed, new RuleChain("more", more), defaultPermits: false);
        AssertAllowsNoMore(full, added, c.Needed, more);
        Assert.True(Rank(CoverageEngine.Summarize(added)) >= Rank(CoverageEngine.Summarize(full)));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(CoverageArbitraries)])]
    public void A_deny_placed_before_an_allow_wins_for_the_packets_both_match(CoverageCase c, CoverageCase denyFrom, int where)
    {
        // The deny goes at a random place; the allow somewhere after it.
        PacketBox deny = denyFrom.Needed;
        PacketBox allow = c.Needed.Intersect(deny).IsEmpty ? c.Needed : c.Needed.Intersect(deny);
        var rules = new List<CoverageRule>(c.Chain.Rules);
        int d = Index(where, rules.Count + 1);
        rules.Insert(d, new CoverageRule(deny, RuleAction.Deny, 3000));
        rules.Insert(d + 1 + Index(where / 7, rules.Count - d), new CoverageRule(allow, RuleAction.Permit, 3001));
        var chain = new RuleChain("deny-first", rules);
        PacketBox[] before = [.. rules.Take(d).Select(r => r.Match)];

        List<Outcome> outcomes = CoverageEngine.Evaluate(c.Needed, chain, c.DefaultPermits);
        foreach (ulong[] p in Grid.Points(c.Needed, rules.Select(r => r.Match)))
        {
            if (Grid.Contains(deny, p) && Grid.Contains(allow, p) && !before.Any(b => Grid.Contains(b, p)))
            {
                Outcome o = Assert.Single(outcomes, o => Grid.Contains(o.Packets, p));
                Assert.Equal((Decision.Denied, 3000), (o.Decision, o.RuleId));
            }
        }

        // With the deny first of all, every needed packet both match is denied (and there are such packets whenever they meet).
        var first = new List<CoverageRule> { new(deny, RuleAction.Deny, 3000), new(allow, RuleAction.Permit, 3001) };
        first.AddRange(c.Chain.Rules);
        PacketBox meet = c.Needed.Intersect(deny).Intersect(allow);
        List<Outcome> denied = CoverageEngine.Evaluate(meet, new RuleChain("first", first), defaultPermits: true);
        Assert.Equal(meet.IsEmpty, denied.Count == 0);
        Assert.All(denied, o => Assert.Equal((Decision.Denied, 3000), (o.Decision, o.RuleId)));
    }

    /// <summary>An index from any int (int.MinValue included) into a list of <paramref name="count"/> items.</summary>
    private static int Index(int value, int count) => count <= 0 ? 0 : (int)((uint)value % (uint)count);

    [Property(MaxTest = 300, Arbitrary = [typeof(CoverageArbitraries)])]
    public void A_rule_set_that_permits_everything_allows_every_flow(CoverageCase c)
    {
        // Ahead of any rules, or after allow rules only, whatever the default.
        var ahead = new List<CoverageRule> { new(PacketBox.All, RuleAction.Permit, 4000) };
        ahead.AddRange(c.Chain.Rules);
        List<Outcome> first = CoverageEngine.Evaluate(c.Needed, new RuleChain("ahead", ahead), defaultPermits: false);
        Assert.Equal(Verdict.Allowed, CoverageEngine.Summarize(first));
        Assert.All(first, o => Assert.Equal((Decision.Permitted, 4000), (o.Decision, o.RuleId)));

        var behind = new List<CoverageRule>(PermitsOnly(c.Chain).Rules) { new(PacketBox.All, RuleAction.Permit, 4000) };
        List<Outcome> last = CoverageEngine.Evaluate(c.Needed, new RuleChain("behind", behind), defaultPermits: false);
        Assert.Equal(Verdict.Allowed, CoverageEngine.Summarize(last));
        Assert.All(last, o => Assert.Equal(Decision.Permitted, o.Decision));

        // The counter-check: no rule and a default that denies block everything.
        Assert.Equal(Verdict.Blocked, CoverageEngine.Summarize(CoverageEngine.Evaluate(c.Needed, new RuleChain("none", []), defaultPermits: false)));
    }

    [Fact]
    public void The_laws_see_every_verdict_and_every_kind_of_rule()
    {
        // The properties above are only worth something if the cases reach each verdict.
        CoverageCase[] sample = Gen.Sample(CoverageArbitraries.Cases, 400);
        var verdicts = sample.Select(c => CoverageEngine.Summarize(CoverageEngine.Evaluate(c.Needed, c.Chain, c.DefaultPermits))).ToHashSet();
        Assert.Equal([Verdict.Allowed, Verdict.PartlyAllowed, Verdict.Blocked, Verdict.Uncertain], verdicts.Order());
        Assert.Equal(
            [RuleAction.Permit, RuleAction.Deny, RuleAction.NotEvaluated],
            sample.SelectMany(c => c.Chain.Rules).Select(r => r.Action).Distinct().Order());
        Assert.True(sample.Count(c => c.Chain.Rules.Count >= 2) > 150);
    }

    [Fact]
    public void The_reference_and_the_grid_agree_with_a_hand_made_case()
    {
        // Agents 10.1.0.0/16 and 10.2.0.0/16 to anywhere on 443/tcp; one rule per subnet, the second dropped.
        var agents = IntervalSet.FromIntervals([(Ip(10, 1, 0, 0), Ip(10, 1, 255, 255)), (Ip(10, 2, 0, 0), Ip(10, 2, 255, 255))]);
        var needed = new PacketBox(agents, AddressSpace.Any, IntervalSet.Single(443), IntervalSet.Single(6));
        var first = new PacketBox(AddressSpace.Network((uint)Ip(10, 1, 0, 0), 16), AddressSpace.Any, IntervalSet.FromIntervals([(80, 80), (443, 443)]), IntervalSet.Single(6));
        var chain = new RuleChain("allow", [new CoverageRule(first, RuleAction.Permit, 0)]);

        List<Outcome> outcomes = CoverageEngine.Evaluate(needed, chain, defaultPermits: false);
        Assert.Equal(Verdict.PartlyAllowed, CoverageEngine.Summarize(outcomes));
        Assert.Equal((Decision.Permitted, 0), Reference.Decide([Ip(10, 1, 2, 3), 0, 443, 6], chain, false));
        Assert.Equal((Decision.DefaultDenied, -1), Reference.Decide([Ip(10, 2, 2, 3), 0, 443, 6], chain, false));
        Outcome left = Assert.Single(outcomes, o => !o.IsPermitted);
        Assert.Equal("10.2.0.0/16", AddressSpace.Describe(left.Packets.Sources, []));
        Assert.Equal("any address", AddressSpace.Describe(left.Packets.Destinations, []));
    }

    private static ulong Ip(uint a, uint b, uint c, uint d) => (a << 24) | (b << 16) | (c << 8) | d;

    /// <summary>Allowed 2, partly allowed or uncertain 1, blocked 0.</summary>
    private static int Rank(Verdict verdict) => verdict switch
    {
        Verdict.Allowed => 2,
        Verdict.Blocked => 0,
        _ => 1,
    };

    private static RuleChain PermitsOnly(RuleChain chain) =>
        new("permits", [.. chain.Rules.Select(r => new CoverageRule(r.Match, RuleAction.Permit, r.Id))]);

    /// <summary>Every needed packet <paramref name="smaller"/> permits, <paramref name="larger"/> permits too.</summary>
    private static void AssertAllowsNoMore(List<Outcome> smaller, List<Outcome> larger, PacketBox needed, IEnumerable<CoverageRule> rules)
    {
        foreach (ulong[] p in Grid.Points(needed, rules.Select(r => r.Match)))
        {
            if (Grid.DecisionAt(smaller, p) is Decision.Permitted or Decision.DefaultPermitted)
            {
                Assert.True(Grid.DecisionAt(larger, p) is Decision.Permitted or Decision.DefaultPermitted, Grid.Show(p));
            }
        }
    }

    /// <summary>
    /// Two boxes whose union is <paramref name="box"/>: split in half by sources (0), destinations
    /// (1), ports (2) or protocols (3), at the middle of the dimension's first interval that holds
    /// more than one value; null when it holds only one.
    /// </summary>
    internal static (PacketBox First, PacketBox Second)? Split(PacketBox box, int how)
    {
        IntervalSet set = how switch { 0 => box.Sources, 1 => box.Destinations, 2 => box.Ports, _ => box.Protocols };
        for (int i = 0; i < set.Count; i++)
        {
            if (set.Last(i) > set.First(i))
            {
                ulong middle = set.First(i) + ((set.Last(i) - set.First(i)) / 2);
                IntervalSet low = set.Subtract(IntervalSet.Of(middle + 1, set.Last(i)));
                IntervalSet high = set.Subtract(low);
                return how switch
                {
                    0 => (new PacketBox(low, box.Destinations, box.Ports, box.Protocols), new PacketBox(high, box.Destinations, box.Ports, box.Protocols)),
                    1 => (new PacketBox(box.Sources, low, box.Ports, box.Protocols), new PacketBox(box.Sources, high, box.Ports, box.Protocols)),
                    2 => (new PacketBox(box.Sources, box.Destinations, low, box.Protocols), new PacketBox(box.Sources, box.Destinations, high, box.Protocols)),
                    _ => (box.WithProtocols(low), box.WithProtocols(high)),
                };
            }
        }

        return null;
    }
}

/// <summary>A needed box, an ordered chain of rules and a default policy.</summary>
public sealed class CoverageCase
{
    internal CoverageCase(PacketBox needed, RuleChain chain, bool defaultPermits)
    {
        Needed = needed;
        Chain = chain;
        DefaultPermits = defaultPermits;
    }

    internal PacketBox Needed { get; }

    internal RuleChain Chain { get; }

    internal bool DefaultPermits { get; }

    public override string ToString() =>
        $"needed {Needed}; default {(DefaultPermits ? "permit" : "deny")}; " + string.Join("; ", Chain.Rules.Select(r => $"#{r.Id} {r.Action} {r.Match}"));
}

/// <summary>FsCheck's generator of <see cref="CoverageCase"/>s: few edges per dimension, so boxes meet, nest and miss each other often.</summary>
public static class CoverageArbitraries
{
    // Edges near each other and at the ends, and the first symbols (components whose addresses are unknown).
    private static readonly ulong[] s_addresses = [0, 9, 10, 11, 12, 20, 0xFFFFFFFF, AddressSpace.FirstSymbol, AddressSpace.FirstSymbol + 1, AddressSpace.LastSymbol];
    private static readonly ulong[] s_ports = [0, 1, 53, 80, 443, 1000, 1001, 65535];
    private static readonly ulong[] s_protocols = [0, 6, 7, 17, 255];

    private static Gen<IntervalSet> Set(ulong[] edges, IntervalSet all) =>
        Gen.Frequency(
            (1, Gen.Constant(all)),
            (6, Interval(edges)),
            (2, Interval(edges).Zip(Interval(edges), (a, b) => a.Union(b))));

    private static Gen<IntervalSet> Interval(ulong[] edges) =>
        Gen.Elements(edges).Zip(Gen.Elements(edges), (a, b) => IntervalSet.Of(Math.Min(a, b), Math.Max(a, b)));

    private static readonly Gen<PacketBox> s_box =
        from sources in Set(s_addresses, AddressSpace.Any)
        from destinations in Set(s_addresses, AddressSpace.Any)
        from ports in Set(s_ports, PacketBox.AllPorts)
        from protocols in Set(s_protocols, PacketBox.AllProtocols)
        select new PacketBox(sources, destinations, ports, protocols);

    private static readonly Gen<RuleAction> s_action = Gen.Frequency(
        (6, Gen.Constant(RuleAction.Permit)), (2, Gen.Constant(RuleAction.Deny)), (1, Gen.Constant(RuleAction.NotEvaluated)));

    public static Gen<CoverageCase> Cases { get; } =
        from needed in s_box
        from count in Gen.Choose(0, 4)
        from matches in s_box.ListOf(count)
        from actions in s_action.ListOf(count)
        from defaultPermits in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new CoverageCase(
            needed,
            new RuleChain("random", [.. matches.Select((m, i) => new CoverageRule(m, actions[i], i))]),
            defaultPermits);

    public static Arbitrary<CoverageCase> Case() => Arb.From(Cases);
}

/// <summary>The first-match semantics of an ordered chain, one packet at a time: the independent oracle.</summary>
internal static class Reference
{
    public static (Decision Decision, int RuleId) Decide(ulong[] packet, RuleChain chain, bool defaultPermits)
    {
        foreach (CoverageRule rule in chain.Rules)
        {
            if (Grid.Contains(rule.Match, packet))
            {
                return rule.Action switch
                {
                    RuleAction.Permit => (Decision.Permitted, rule.Id),
                    RuleAction.Deny => (Decision.Denied, rule.Id),
                    _ => (Decision.NotEvaluated, rule.Id),
                };
            }
        }

        return (defaultPermits ? Decision.DefaultPermitted : Decision.DefaultDenied, -1);
    }
}

/// <summary>
/// The packets that decide a union of boxes: in each dimension, every interval's first value and
/// the value after its last cut the line into runs that every box holds wholly or not at all, so
/// one packet per cell of those runs, inside the needed box, tells two unions of boxes apart.
/// </summary>
internal static class Grid
{
    public static IEnumerable<ulong[]> Points(PacketBox needed, IEnumerable<PacketBox> others)
    {
        PacketBox[] boxes = [needed, .. others];
        ulong[][] axes =
        [
            Axis(needed.Sources, boxes.Select(b => b.Sources)),
            Axis(needed.Destinations, boxes.Select(b => b.Destinations)),
            Axis(needed.Ports, boxes.Select(b => b.Ports)),
            Axis(needed.Protocols, boxes.Select(b => b.Protocols)),
        ];
        foreach (ulong s in axes[0])
        {
            foreach (ulong d in axes[1])
            {
                foreach (ulong port in axes[2])
                {
                    foreach (ulong protocol in axes[3])
                    {
                        yield return [s, d, port, protocol];
                    }
                }
            }
        }
    }

    public static bool Contains(PacketBox box, ulong[] p) =>
        box.Sources.Contains(p[0]) && box.Destinations.Contains(p[1]) && box.Ports.Contains(p[2]) && box.Protocols.Contains(p[3]);

    public static bool IsWithin(PacketBox box, PacketBox outer) =>
        box.Sources.IsSubsetOf(outer.Sources) && box.Destinations.IsSubsetOf(outer.Destinations)
        && box.Ports.IsSubsetOf(outer.Ports) && box.Protocols.IsSubsetOf(outer.Protocols);

    public static Decision? DecisionAt(List<Outcome> outcomes, ulong[] p) => outcomes.SingleOrDefault(o => Contains(o.Packets, p))?.Decision;

    public static string Show(ulong[] p) => $"({p[0]}, {p[1]}, {p[2]}, {p[3]})";

    private static ulong[] Axis(IntervalSet within, IEnumerable<IntervalSet> sets)
    {
        var cuts = new SortedSet<ulong>();
        foreach (IntervalSet set in sets)
        {
            for (int i = 0; i < set.Count; i++)
            {
                cuts.Add(set.First(i));
                if (set.Last(i) != ulong.MaxValue)
                {
                    cuts.Add(set.Last(i) + 1);
                }
            }
        }

        return [.. cuts.Where(within.Contains)];
    }
}

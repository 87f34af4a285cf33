using System.Collections.Generic;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// The rule chains of a read firewall, built rule by rule, with the one thing a
/// <see cref="RuleChain"/> cannot say by itself: a jump, goto or return whose match was not
/// evaluated (<c>-i docker0 -j RETURN</c>, <c>iifname "eth1" jump x</c>). Such a rule may or may
/// not move the packet, so what the two paths decide differently is uncertain, and what they
/// decide alike is decided. It is written with an <em>uncertain copy</em> of the chain the packet
/// may enter or skip: the same rules, each verdict turned into <see cref="RuleAction.NotEvaluated"/>
/// (named by the rule that made the path uncertain) that knows its verdict
/// (<see cref="CoverageRule.IfMatched"/>), so that the packets the copy leaves undecided go on as
/// they would on both paths, and the packets it decides are decided only where the engine, looking
/// past the copied rule (the other path), finds the same verdict; elsewhere they are uncertain:
/// <list type="bullet">
/// <item>an uncertain jump to D: a jump to the copy of D;</item>
/// <item>an uncertain return: a jump to the copy of the rest of the chain, then a return;</item>
/// <item>an uncertain goto to D: a jump to the copy of D, one to the copy of the rest, then a return.</item>
/// </list>
/// Copies are made once per (chain, start, rule) and filled from a work list (no recursion:
/// no input exhausts the stack); past a budget, an uncertain rule is plain
/// <see cref="RuleAction.NotEvaluated"/> for everything it matches, as before copies existed.
/// </summary>
internal sealed class ChainSet
{
    private const int MinBudget = 100_000;

    private readonly List<List<Entry>> _entries = [];
    private readonly List<List<CoverageRule>> _lists = [];
    private readonly List<RuleChain> _chains = [];
    private readonly Dictionary<(int Chain, int Start, int Origin), RuleChain> _copies = [];
    private readonly Queue<(int Chain, int Start, int Origin, List<CoverageRule> Into)> _pending = new();
    private int _budget = -1;

    private enum Kind
    {
        Plain,
        UncertainJump,
        UncertainGoto,
        UncertainReturn,
    }

    /// <summary>The number of chains.</summary>
    public int Count => _chains.Count;

    /// <summary>The chain at an index.</summary>
    public RuleChain this[int index] => _chains[index];

    /// <summary>Adds an empty chain and returns its index.</summary>
    public int Add(string name)
    {
        var list = new List<CoverageRule>();
        _lists.Add(list);
        _entries.Add([]);
        _chains.Add(new RuleChain(name, list));
        return _chains.Count - 1;
    }

    /// <summary>True when the chain has no rule that decides or moves a packet.</summary>
    public bool IsEmpty(int chain) => _entries[chain].Count == 0;

    /// <summary>Appends a permit, deny, return or not-evaluated rule.</summary>
    public void Rule(int chain, CoverageRule rule) => _entries[chain].Add(new Entry(Kind.Plain, rule, -1));

    /// <summary>Appends a jump or goto whose match was evaluated.</summary>
    public void Jump(int chain, PacketBox match, int id, int target, bool isGoto)
    {
        _entries[chain].Add(new Entry(Kind.Plain, new CoverageRule(match, RuleAction.Jump, id, _chains[target]), target));
        if (isGoto)
        {
            // A goto does not come back: what the target leaves undecided leaves this chain too.
            _entries[chain].Add(new Entry(Kind.Plain, new CoverageRule(match, RuleAction.Return, id), -1));
        }
    }

    /// <summary>Appends a jump or goto (<paramref name="target"/> ≥ 0) or a return (-1) whose match was not evaluated; <paramref name="id"/> names the reason.</summary>
    public void Uncertain(int chain, PacketBox match, int id, int target, bool isGoto)
    {
        Kind kind = target < 0 ? Kind.UncertainReturn : isGoto ? Kind.UncertainGoto : Kind.UncertainJump;
        _entries[chain].Add(new Entry(kind, new CoverageRule(match, RuleAction.NotEvaluated, id), target));
    }

    /// <summary>Writes every chain's rules; call once, after the last rule.</summary>
    public void Finish()
    {
        int rules = 0;
        foreach (List<Entry> entries in _entries)
        {
            rules += entries.Count;
        }

        _budget = MinBudget + (4 * rules);
        for (int c = 0; c < _entries.Count; c++)
        {
            List<Entry> entries = _entries[c];
            List<CoverageRule> into = _lists[c];
            for (int k = 0; k < entries.Count; k++)
            {
                Entry entry = entries[k];
                CoverageRule rule = entry.Rule;
                PacketBox match = rule.Match;
                RuleChain? target = entry.Kind is Kind.UncertainJump or Kind.UncertainGoto ? Copy(entry.Target, 0, rule.Id) : null;
                RuleChain? rest = entry.Kind is Kind.UncertainGoto or Kind.UncertainReturn ? Copy(c, k + 1, rule.Id) : null;
                bool copied = entry.Kind switch
                {
                    Kind.Plain => false,
                    Kind.UncertainJump => target is not null,
                    Kind.UncertainGoto => target is not null && rest is not null,
                    _ => rest is not null,
                };
                if (entry.Kind == Kind.Plain || !copied)
                {
                    into.Add(rule);
                    continue;
                }

                if (target is not null)
                {
                    into.Add(new CoverageRule(match, RuleAction.Jump, rule.Id, target));
                }

                if (rest is not null)
                {
                    into.Add(new CoverageRule(match, RuleAction.Jump, rule.Id, rest));
                    into.Add(new CoverageRule(match, RuleAction.Return, rule.Id));
                }
            }
        }

        Drain();
    }

    /// <summary>
    /// A base chain for a chain that sees only some of a direction's packets (those of a device
    /// that may or may not be the flow's): what <paramref name="chain"/> would decide, or its
    /// policy drop, is uncertain (named by rule <paramref name="origin"/>); the rest goes on. Call after <see cref="Finish"/>.
    /// </summary>
    public RuleChain Conditional(int chain, bool policyDrops, int origin)
    {
        var all = new RuleMatch().Box;
        var rules = new List<CoverageRule>();
        RuleChain? copy = Copy(chain, 0, origin);
        if (copy is null)
        {
            rules.Add(new CoverageRule(all, RuleAction.NotEvaluated, origin));
        }
        else
        {
            rules.Add(new CoverageRule(all, RuleAction.Jump, origin, copy));
            if (policyDrops)
            {
                rules.Add(new CoverageRule(all, RuleAction.NotEvaluated, origin));
            }
        }

        Drain();
        return new RuleChain(_chains[chain].Name + " (on its device only)", rules);
    }

    /// <summary>The uncertain copy of a chain from rule <paramref name="start"/>, filled later; null past the budget.</summary>
    private RuleChain? Copy(int chain, int start, int origin)
    {
        if (_copies.TryGetValue((chain, start, origin), out RuleChain? known))
        {
            return known;
        }

        int size = _entries[chain].Count - start;
        if (_budget < size)
        {
            return null;
        }

        _budget -= size + 1;
        var list = new List<CoverageRule>();
        var copy = new RuleChain(_chains[chain].Name + " (uncertain path)", list);
        _copies[(chain, start, origin)] = copy;
        _pending.Enqueue((chain, start, origin, list));
        return copy;
    }

    private void Drain()
    {
        while (_pending.Count > 0)
        {
            (int chain, int start, int origin, List<CoverageRule> into) = _pending.Dequeue();
            List<Entry> entries = _entries[chain];
            for (int k = start; k < entries.Count; k++)
            {
                Entry entry = entries[k];
                PacketBox match = entry.Rule.Match;
                if (entry.Kind == Kind.UncertainReturn)
                {
                    continue; // returned or not, the packet goes on through uncertain rules to the same end
                }

                if (entry.Rule.Action == RuleAction.Return)
                {
                    into.Add(entry.Rule);
                    continue;
                }

                RuleChain? target = entry.Target >= 0 ? Copy(entry.Target, 0, origin) : null;
                if (target is not null)
                {
                    into.Add(new CoverageRule(match, RuleAction.Jump, origin, target));
                    continue;
                }

                // The verdict the rule gives where the path reaches it: the engine then looks past it,
                // and where the other path (the rest, as if the rule did not apply) gives the same, that is the outcome.
                RuleAction? verdict = entry.Kind == Kind.Plain
                    ? entry.Rule.Action is RuleAction.Permit or RuleAction.Deny ? entry.Rule.Action : entry.Rule.IfMatched
                    : null;
                into.Add(new CoverageRule(match, RuleAction.NotEvaluated, origin, ifMatched: verdict));
            }
        }
    }

    private readonly struct Entry
    {
        public Entry(Kind kind, CoverageRule rule, int target)
        {
            Kind = kind;
            Rule = rule;
            Target = target;
        }

        public Kind Kind { get; }

        /// <summary>The rule as it stands when the path is certain (for an uncertain rule: not evaluated for all it matches).</summary>
        public CoverageRule Rule { get; }

        /// <summary>The index of the chain a jump or goto enters; -1 otherwise.</summary>
        public int Target { get; }
    }
}

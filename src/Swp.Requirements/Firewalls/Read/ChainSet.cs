using System.Collections.Generic;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// The rule chains of a read firewall (iptables and nftables), built rule by rule, chains first
/// so that rules can name chains not filled yet. A jump, goto or return whose match was not
/// evaluated (<c>-i docker0 -j RETURN</c>, <c>iifname "eth1" jump x</c>) is a
/// <see cref="RuleAction.NotEvaluated"/> rule that knows what it does if it matches
/// (<see cref="CoverageRule.IfMatched"/> <see cref="RuleAction.Jump"/> or
/// <see cref="RuleAction.Return"/>): the coverage engine follows both readings and decides the
/// packets they decide alike (the one place that rule is written: <see cref="CoverageEngine"/>).
/// A goto is such a jump followed by such a return.
/// </summary>
internal sealed class ChainSet
{
    private readonly List<List<CoverageRule>> _lists = [];
    private readonly List<RuleChain> _chains = [];

    /// <summary>The number of chains.</summary>
    public int Count => _chains.Count;

    /// <summary>The chain at an index.</summary>
    public RuleChain this[int index] => _chains[index];

    /// <summary>Adds an empty chain and returns its index.</summary>
    public int Add(string name)
    {
        var list = new List<CoverageRule>();
        _lists.Add(list);
        _chains.Add(new RuleChain(name, list));
        return _chains.Count - 1;
    }

    /// <summary>True when the chain has no rule that decides or moves a packet.</summary>
    public bool IsEmpty(int chain) => _lists[chain].Count == 0;

    /// <summary>Appends a permit, deny, return or not-evaluated rule.</summary>
    public void Rule(int chain, CoverageRule rule) => _lists[chain].Add(rule);

    /// <summary>Appends a jump or goto whose match was evaluated.</summary>
    public void Jump(int chain, PacketBox match, int id, int target, bool isGoto)
    {
        _lists[chain].Add(new CoverageRule(match, RuleAction.Jump, id, _chains[target]));
        if (isGoto)
        {
            // A goto does not come back: what the target leaves undecided leaves this chain too.
            _lists[chain].Add(new CoverageRule(match, RuleAction.Return, id));
        }
    }

    /// <summary>Appends a jump or goto (<paramref name="target"/> ≥ 0) or a return (-1) whose match was not evaluated; <paramref name="id"/> names the reason.</summary>
    public void Uncertain(int chain, PacketBox match, int id, int target, bool isGoto)
    {
        if (target >= 0)
        {
            _lists[chain].Add(new CoverageRule(match, RuleAction.NotEvaluated, id, _chains[target], ifMatched: RuleAction.Jump));
        }

        if (target < 0 || isGoto)
        {
            // Read on its own, the return of a goto is a second reading: sound, if less exact.
            _lists[chain].Add(new CoverageRule(match, RuleAction.NotEvaluated, id, ifMatched: RuleAction.Return));
        }
    }

    /// <summary>
    /// A base chain for a chain that sees only some of a direction's packets (those of a device
    /// that may or may not be the flow's): it may or may not run, and its policy drop may or may
    /// not apply (named by rule <paramref name="origin"/>); what both readings decide alike is decided.
    /// </summary>
    public RuleChain Conditional(int chain, bool policyDrops, int origin)
    {
        var all = new RuleMatch().Box;
        var rules = new List<CoverageRule> { new(all, RuleAction.NotEvaluated, origin, _chains[chain], ifMatched: RuleAction.Jump) };
        if (policyDrops)
        {
            rules.Add(new CoverageRule(all, RuleAction.NotEvaluated, origin, ifMatched: RuleAction.Deny));
        }

        return new RuleChain(_chains[chain].Name + " (on its device only)", rules);
    }
}

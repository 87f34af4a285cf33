using System.Collections.Generic;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// The chains of a netfilter ruleset (iptables and nftables) and the jumps between them, written
/// once for both readers. A reader adds every chain the file declares (<see cref="Add"/>) and every
/// jump or goto a rule makes (<see cref="Edge"/>); <see cref="FindLoops"/> refuses a loop of jumps
/// as the kernel's tools do, at the jump that closes it; <see cref="Reach"/> marks what each base
/// chain reaches (a chain no base chain reaches decides nothing: the reader leaves its rules out);
/// then the reader appends each reachable chain's rules in order (<see cref="Append"/>), which
/// gives one <see cref="RuleChain"/> per chain and the rules the reply scan walks.
/// A jump enters its target and comes back to the next rule when the target returns or ends; a
/// return ends the chain it is in; a goto is a jump followed by a return (it does not come back:
/// what the target leaves undecided leaves this chain too). A jump, goto or return whose match was
/// not evaluated (<c>-i docker0 -j RETURN</c>, <c>iifname "eth1" jump x</c>) is a
/// <see cref="RuleAction.NotEvaluated"/> rule that knows what it does if it matches
/// (<see cref="CoverageRule.IfMatched"/> <see cref="RuleAction.Jump"/> or
/// <see cref="RuleAction.Return"/>): the coverage engine follows both readings and decides the
/// packets they decide alike (the one place that rule is written: <see cref="CoverageEngine"/>).
/// </summary>
internal sealed class ChainGraph
{
    private readonly List<Node> _nodes = [];
    private readonly List<IReadOnlyList<ScanRule>> _scans = [];

    /// <summary>The number of chains.</summary>
    public int Count => _nodes.Count;

    /// <summary>The rules of a chain, as the coverage engine reads them.</summary>
    public RuleChain this[int index] => _nodes[index].Chain;

    /// <summary>Adds an empty chain and returns its index; <paramref name="shortName"/> is the name a jump to it gives (<paramref name="name"/> when null).</summary>
    public int Add(string name, string? shortName = null)
    {
        var rules = new List<CoverageRule>();
        var scan = new List<ScanRule>();
        _nodes.Add(new Node(name, shortName ?? name, rules, new RuleChain(name, rules)));
        _scans.Add(scan);
        return _nodes.Count - 1;
    }

    /// <summary>Records a jump or goto from chain <paramref name="from"/> to chain <paramref name="to"/>, in the order the rules of <paramref name="from"/> make them, written at <paramref name="at"/>.</summary>
    public void Edge(int from, int to, SourceLocation at) => _nodes[from].Edges.Add(new Link(to, at));

    /// <summary>
    /// iptables and nft refuse a loop of jumps; so does this reader, at the jump that closes the
    /// first loop met walking the chains in the order they were added (iteratively: no input can
    /// exhaust the stack).
    /// </summary>
    /// <param name="tool">The tool that refuses the file, for the message.</param>
    /// <exception cref="FirewallReadException">A jump closes a loop of chains.</exception>
    public void FindLoops(string tool)
    {
        var state = new byte[_nodes.Count]; // 0 not seen, 1 on the path, 2 done
        var stack = new Stack<(int Chain, int Next)>();
        for (int root = 0; root < _nodes.Count; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }

            state[root] = 1;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                (int chain, int next) = stack.Pop();
                List<Link> edges = _nodes[chain].Edges;
                if (next >= edges.Count)
                {
                    state[chain] = 2;
                    continue;
                }

                stack.Push((chain, next + 1));
                Link jump = edges[next];
                if (state[jump.Target] == 0)
                {
                    state[jump.Target] = 1;
                    stack.Push((jump.Target, 0));
                }
                else if (state[jump.Target] == 1)
                {
                    throw new FirewallReadException(jump.At.Line, jump.At.Column, "the jump from " + _nodes[chain].Name + " to " + _nodes[jump.Target].ShortName + " closes a loop of chains, which " + tool + " refuses", jump.At.JsonPath);
                }
            }
        }
    }

    /// <summary>Marks <paramref name="root"/> and every chain it reaches by jumps with the bits of <paramref name="context"/> (a direction, a hook before connection tracking: the reader's own bits).</summary>
    public void Reach(int root, int context)
    {
        var pending = new Stack<int>();
        _nodes[root].Context |= context;
        pending.Push(root);
        while (pending.Count > 0)
        {
            foreach (Link jump in _nodes[pending.Pop()].Edges)
            {
                Node target = _nodes[jump.Target];
                if ((target.Context | context) != target.Context)
                {
                    target.Context |= context;
                    pending.Push(jump.Target);
                }
            }
        }
    }

    /// <summary>What reaches a chain: the bits of every <see cref="Reach"/> whose root reaches it; 0 for none (no base chain reaches it: its rules decide nothing).</summary>
    public int Context(int chain) => _nodes[chain].Context;

    /// <summary>True when the chain has no rule that decides or moves a packet.</summary>
    public bool IsEmpty(int chain) => _nodes[chain].Rules.Count == 0;

    /// <summary>
    /// Appends what a rule does to its chain: <paramref name="action"/> is
    /// <see cref="RuleAction.Permit"/>, <see cref="RuleAction.Deny"/>, <see cref="RuleAction.Return"/>,
    /// <see cref="RuleAction.Jump"/> (to <paramref name="target"/>; a goto when
    /// <paramref name="isGoto"/>) or <see cref="RuleAction.NotEvaluated"/> (an action not modelled).
    /// When the match was not <paramref name="evaluated"/>, the rule is not evaluated and knows what it
    /// does if it matches: the paths taken and not taken are both followed (an accept or a drop on
    /// such a match is decided either way where the rest agrees).
    /// </summary>
    public void Append(int chain, PacketBox match, int id, RuleAction action, bool evaluated, int target = -1, bool isGoto = false)
    {
        if (!evaluated && action is RuleAction.Jump or RuleAction.Return)
        {
            Uncertain(chain, match, id, action == RuleAction.Jump ? target : -1, isGoto);
        }
        else if (!evaluated)
        {
            Rule(chain, new CoverageRule(match, RuleAction.NotEvaluated, id, ifMatched: action is RuleAction.Permit or RuleAction.Deny ? action : null));
        }
        else if (action == RuleAction.Jump)
        {
            Jump(chain, match, id, target, isGoto);
        }
        else
        {
            Rule(chain, new CoverageRule(match, action, id));
        }
    }

    /// <summary>Appends a permit, deny, return or not-evaluated rule.</summary>
    public void Rule(int chain, CoverageRule rule) => _nodes[chain].Rules.Add(rule);

    /// <summary>Appends a jump or goto whose match was evaluated.</summary>
    public void Jump(int chain, PacketBox match, int id, int target, bool isGoto)
    {
        List<CoverageRule> rules = _nodes[chain].Rules;
        rules.Add(new CoverageRule(match, RuleAction.Jump, id, _nodes[target].Chain));
        if (isGoto)
        {
            // A goto does not come back: what the target leaves undecided leaves this chain too.
            rules.Add(new CoverageRule(match, RuleAction.Return, id));
        }
    }

    /// <summary>Appends a jump or goto (<paramref name="target"/> ≥ 0) or a return (-1) whose match was not evaluated; <paramref name="id"/> names the reason.</summary>
    public void Uncertain(int chain, PacketBox match, int id, int target, bool isGoto)
    {
        List<CoverageRule> rules = _nodes[chain].Rules;
        if (target >= 0)
        {
            rules.Add(new CoverageRule(match, RuleAction.NotEvaluated, id, _nodes[target].Chain, ifMatched: RuleAction.Jump));
        }

        if (target < 0 || isGoto)
        {
            // Read on its own, the return of a goto is a second reading: sound, if less exact.
            rules.Add(new CoverageRule(match, RuleAction.NotEvaluated, id, ifMatched: RuleAction.Return));
        }
    }

    /// <summary>
    /// Appends a rule to the chain's reply scan (<see cref="ReplyScanner"/>): a jump or goto names
    /// its <paramref name="target"/>; a rule whose match has parts not evaluated
    /// (<paramref name="evaluated"/> false) and that would decide, move or untrack is not evaluated
    /// for replies either.
    /// </summary>
    public void Scan(int chain, ScanKind kind, bool evaluated, bool matchesEstablished, bool unrestricted, int target, SourceLocation location, string text)
    {
        if (!evaluated && kind is not (ScanKind.None or ScanKind.Accept))
        {
            kind = ScanKind.NotEvaluated;
        }

        ((List<ScanRule>)_scans[chain]).Add(new ScanRule(kind, matchesEstablished, unrestricted, target, location, text));
    }

    /// <summary>Whether replies get through base chain <paramref name="chain"/> (<see cref="ReplyScanner.Scan"/>), its policy named by the rest.</summary>
    public ReplyVerdict Replies(int chain, bool policyPermits, SourceLocation policyLocation, string policyText) =>
        ReplyScanner.Scan(_scans, chain, policyPermits, policyLocation, policyText);

    /// <summary>
    /// A base chain for a chain that sees only some of a direction's packets (those of a device
    /// that may or may not be the flow's): it may or may not run, and its policy drop may or may
    /// not apply (named by rule <paramref name="origin"/>); what both readings decide alike is decided.
    /// </summary>
    public RuleChain Conditional(int chain, bool policyDrops, int origin)
    {
        var all = new RuleMatch().Box;
        var rules = new List<CoverageRule> { new(all, RuleAction.NotEvaluated, origin, _nodes[chain].Chain, ifMatched: RuleAction.Jump) };
        if (policyDrops)
        {
            rules.Add(new CoverageRule(all, RuleAction.NotEvaluated, origin, ifMatched: RuleAction.Deny));
        }

        return new RuleChain(_nodes[chain].Name + " (on its device only)", rules);
    }

    /// <summary>A chain: its names, its rules, the jumps its rules make, and what reaches it.</summary>
    private sealed class Node
    {
        public Node(string name, string shortName, List<CoverageRule> rules, RuleChain chain)
        {
            Name = name;
            ShortName = shortName;
            Rules = rules;
            Chain = chain;
        }

        public string Name { get; }

        public string ShortName { get; }

        public List<CoverageRule> Rules { get; }

        public RuleChain Chain { get; }

        public List<Link> Edges { get; } = [];

        public int Context { get; set; }
    }

    /// <summary>A jump or goto of a rule: the chain it enters and where the rule is written.</summary>
    private readonly struct Link
    {
        public Link(int target, SourceLocation at)
        {
            Target = target;
            At = at;
        }

        public int Target { get; }

        public SourceLocation At { get; }
    }
}

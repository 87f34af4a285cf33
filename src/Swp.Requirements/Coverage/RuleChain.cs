using System.Collections.Generic;

namespace Swp.Requirements.Coverage;

/// <summary>What a rule does with the packets it matches.</summary>
internal enum RuleAction
{
    /// <summary>Lets them through (accept, allow).</summary>
    Permit,

    /// <summary>Stops them (drop, reject, deny).</summary>
    Deny,

    /// <summary>
    /// Decides them in a way that was not evaluated (an ipset, a security-group reference, a
    /// match module not modelled): what it matches is uncertain, never assumed either way.
    /// </summary>
    NotEvaluated,

    /// <summary>Sends them through <see cref="CoverageRule.Target"/>; what that chain leaves undecided continues here.</summary>
    Jump,

    /// <summary>Leaves the current chain: they continue after the jump that entered it (or meet the default).</summary>
    Return,
}

/// <summary>One rule of an ordered chain: the packets it matches and what it does with them. Shared source.</summary>
internal sealed class CoverageRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="match">The packets it matches.</param>
    /// <param name="action">What it does with them.</param>
    /// <param name="id">The caller's handle for the rule (an index into its own list), reported back in outcomes.</param>
    /// <param name="target">The chain a <see cref="RuleAction.Jump"/> enters.</param>
    /// <param name="ifMatched">For a <see cref="RuleAction.NotEvaluated"/> rule whose action is known (an accept, a drop, a return, or a jump to <paramref name="target"/>, on a match that was not evaluated): that action.</param>
    public CoverageRule(PacketBox match, RuleAction action, int id, RuleChain? target = null, RuleAction? ifMatched = null)
    {
        Match = match;
        Action = action;
        Id = id;
        Target = target;
        IfMatched = action == RuleAction.NotEvaluated
            && (ifMatched is RuleAction.Permit or RuleAction.Deny or RuleAction.Return || (ifMatched == RuleAction.Jump && target is not null))
            ? ifMatched : null;
    }

    /// <summary>The packets it matches.</summary>
    public PacketBox Match { get; }

    /// <summary>What it does with them.</summary>
    public RuleAction Action { get; }

    /// <summary>The caller's handle for the rule.</summary>
    public int Id { get; }

    /// <summary>The chain a jump enters; null otherwise.</summary>
    public RuleChain? Target { get; }

    /// <summary>
    /// For a <see cref="RuleAction.NotEvaluated"/> rule: what it does if its unevaluated part holds
    /// (<see cref="RuleAction.Permit"/>, <see cref="RuleAction.Deny"/>, <see cref="RuleAction.Return"/>,
    /// or <see cref="RuleAction.Jump"/> into <see cref="Target"/>), so that packets the chain gives the
    /// same verdict either way are decided; null when unknown.
    /// </summary>
    public RuleAction? IfMatched { get; }
}

/// <summary>
/// The smallest and largest destination port and IP protocol a rule matches, kept side by side
/// for every rule of a chain in one array: the engine's prefilter reads them in sequence and
/// visits a rule's own sets only when these ranges meet the packets still undecided.
/// </summary>
internal readonly struct RuleRange
{
    public RuleRange(PacketBox match)
    {
        if (match.IsEmpty)
        {
            // Matches nothing: a range no packet is in.
            PortMin = ProtocolMin = ulong.MaxValue;
            PortMax = ProtocolMax = 0;
        }
        else
        {
            PortMin = match.Ports.Min;
            PortMax = match.Ports.Max;
            ProtocolMin = match.Protocols.Min;
            ProtocolMax = match.Protocols.Max;
        }
    }

    public ulong PortMin { get; }

    public ulong PortMax { get; }

    public ulong ProtocolMin { get; }

    public ulong ProtocolMax { get; }

    /// <summary>False when no packet with a port in [portMin, portMax] and a protocol in [protocolMin, protocolMax] can match the rule.</summary>
    public bool Meets(ulong portMin, ulong portMax, ulong protocolMin, ulong protocolMax) =>
        PortMin <= portMax && portMin <= PortMax && ProtocolMin <= protocolMax && protocolMin <= ProtocolMax;
}

/// <summary>
/// An ordered list of rules, evaluated first match first. A reader may fill the list after
/// creating the chain (so that jumps can name chains not read yet); it must not change once the
/// chain is evaluated. Shared source.
/// </summary>
internal sealed class RuleChain
{
    private RuleRange[]? _ranges;

    /// <summary>Creates a chain.</summary>
    public RuleChain(string name, IReadOnlyList<CoverageRule> rules)
    {
        Name = name;
        Rules = rules;
    }

    /// <summary>The chain's name (e.g. <c>INPUT</c>), for messages.</summary>
    public string Name { get; }

    /// <summary>Adds every rule of this chain and of the chains it jumps to (64 deep at most) to <paramref name="rules"/>, by ID.</summary>
    public void CollectRules(Dictionary<int, CoverageRule> rules) => CollectRules(rules, 0);

    private void CollectRules(Dictionary<int, CoverageRule> rules, int depth)
    {
        foreach (CoverageRule rule in Rules)
        {
            rules[rule.Id] = rule;
            if (rule.Target is { } target && depth < 64)
            {
                target.CollectRules(rules, depth + 1);
            }
        }
    }

    /// <summary>The rules, in evaluation order.</summary>
    public IReadOnlyList<CoverageRule> Rules { get; }

    /// <summary>Each rule's port and protocol range, in rule order (made on first use, again if rules were added).</summary>
    public RuleRange[] Ranges
    {
        get
        {
            RuleRange[]? ranges = _ranges;
            if (ranges is null || ranges.Length != Rules.Count)
            {
                ranges = new RuleRange[Rules.Count];
                for (int i = 0; i < ranges.Length; i++)
                {
                    ranges[i] = new RuleRange(Rules[i].Match);
                }

                _ranges = ranges;
            }

            return ranges;
        }
    }
}

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
    public CoverageRule(PacketBox match, RuleAction action, int id, RuleChain? target = null)
    {
        Match = match;
        Action = action;
        Id = id;
        Target = target;
    }

    /// <summary>The packets it matches.</summary>
    public PacketBox Match { get; }

    /// <summary>What it does with them.</summary>
    public RuleAction Action { get; }

    /// <summary>The caller's handle for the rule.</summary>
    public int Id { get; }

    /// <summary>The chain a jump enters; null otherwise.</summary>
    public RuleChain? Target { get; }
}

/// <summary>An ordered list of rules, evaluated first match first. Shared source.</summary>
internal sealed class RuleChain
{
    /// <summary>Creates a chain.</summary>
    public RuleChain(string name, IReadOnlyList<CoverageRule> rules)
    {
        Name = name;
        Rules = rules;
    }

    /// <summary>The chain's name (e.g. <c>INPUT</c>), for messages.</summary>
    public string Name { get; }

    /// <summary>The rules, in evaluation order.</summary>
    public IReadOnlyList<CoverageRule> Rules { get; }
}

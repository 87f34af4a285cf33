using System.Collections.Generic;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>What a rule does, as far as the packets of established connections are concerned.</summary>
internal enum ScanKind
{
    /// <summary>Decides nothing (a log rule, a rule without a verdict).</summary>
    None,

    Accept,

    /// <summary>Drops or rejects.</summary>
    Deny,

    /// <summary>Marks packets untracked (NOTRACK, <c>CT --notrack</c>, nft <c>notrack</c>): an untracked reply is not ESTABLISHED for the rules after it.</summary>
    Untrack,

    /// <summary>Decides in a way that was not evaluated (a queue, a jump on an unknown match).</summary>
    NotEvaluated,

    Jump,

    Goto,

    Return,
}

/// <summary>One rule as the reply scan sees it.</summary>
internal readonly struct ScanRule
{
    public ScanRule(ScanKind kind, bool matchesEstablished, bool unrestricted, int target, SourceLocation location, string text)
    {
        Kind = kind;
        MatchesEstablished = matchesEstablished;
        Unrestricted = unrestricted;
        Target = target;
        Location = location;
        Text = text;
    }

    public ScanKind Kind { get; }

    /// <summary>True when the rule may match a packet of an established connection.</summary>
    public bool MatchesEstablished { get; }

    /// <summary>True when the rule matches every established packet (no address, port, protocol or unevaluated condition).</summary>
    public bool Unrestricted { get; }

    /// <summary>The index of the chain a jump or goto enters; -1 otherwise.</summary>
    public int Target { get; }

    public SourceLocation Location { get; }

    public string Text { get; }
}

/// <summary>
/// Whether replies get through a direction, where that is decided, and why. <see cref="Certain"/>
/// is false when replies are not all allowed but a rule met before the deciding one may accept
/// some of them (an accept restricted to some packets, a rule not evaluated): then the replies
/// of some connections may get through, and which is not known.
/// </summary>
internal readonly record struct ReplyVerdict(bool Allowed, SourceLocation Location, string Text, bool Certain = true);

/// <summary>
/// Decides <see cref="ObservedDirection.RepliesAllowed"/> for iptables and nftables by walking
/// a base chain in order, into the chains it jumps to, with the packets of established
/// connections: replies are allowed when a rule that accepts every established packet (an
/// ESTABLISHED,RELATED accept) comes before any rule that drops every one, or when no such
/// rule comes and the policy accepts. A drop that only some established packets meet (a
/// blocklist, a drop on a port), or a rule that was not evaluated, does not decide: it is
/// named in the text as an exception, since the replies it matches are lost.
/// </summary>
internal static class ReplyScanner
{
    private const int MaxDepth = 64;
    private const int MaxExceptions = 3;

    /// <summary>Scans base chain <paramref name="baseChain"/> of <paramref name="chains"/>.</summary>
    public static ReplyVerdict Scan(IReadOnlyList<IReadOnlyList<ScanRule>> chains, int baseChain, bool policyPermits, SourceLocation policyLocation, string policyText)
    {
        var exceptions = new List<ScanRule>();
        ScanRule? mayAccept = null; // the first rule that may accept some established packets
        var done = new Dictionary<(int, bool), ReplyVerdict?>();
        ReplyVerdict? verdict = ScanChain(chains, baseChain, 0, false, exceptions, ref mayAccept, done);
        verdict ??= new ReplyVerdict(
            policyPermits,
            policyLocation,
            policyPermits
                ? policyText + " accepts established packets"
                : policyText + " drops established packets: no rule before it accepts them all");
        if (!verdict.Value.Allowed)
        {
            return mayAccept is not { } first
                ? verdict.Value
                : verdict.Value with { Certain = false, Text = verdict.Value.Text + " (rules before it may accept some: " + first.Location.ToString() + " " + first.Text + ")" };
        }

        if (exceptions.Count == 0)
        {
            return verdict.Value;
        }

        var texts = new List<string>();
        foreach (ScanRule rule in exceptions)
        {
            texts.Add(rule.Location.ToString() + " " + rule.Text);
        }

        return verdict.Value with { Text = verdict.Value.Text + ", except those that rules before it may drop: " + string.Join("; ", texts) };
    }

    /// <summary>Replies get through a direction only when every base chain lets them through.</summary>
    public static ReplyVerdict Combine(List<ReplyVerdict> verdicts)
    {
        // A base chain that drops every reply decides; else one that may drop some.
        ReplyVerdict? mayDrop = null;
        foreach (ReplyVerdict verdict in verdicts)
        {
            if (!verdict.Allowed && verdict.Certain)
            {
                return verdict;
            }

            if (!verdict.Allowed)
            {
                mayDrop ??= verdict;
            }
        }

        if (mayDrop is { } some)
        {
            return some;
        }

        if (verdicts.Count == 1)
        {
            return verdicts[0];
        }

        var texts = new List<string>(verdicts.Count);
        foreach (ReplyVerdict verdict in verdicts)
        {
            texts.Add(verdict.Text);
        }

        return new ReplyVerdict(true, verdicts[0].Location, "in every base chain: " + string.Join("; ", texts));
    }

    // Null: the chain ends (or returns) without deciding. In a restricted context (entered by a
    // jump that only some packets take) nothing decides for every packet: a drop is an exception.
    // A chain's answer does not depend on where it is entered from, so each chain is scanned
    // once per context however many rules jump to it: the scan stays linear in the rules.
    private static ReplyVerdict? ScanChain(IReadOnlyList<IReadOnlyList<ScanRule>> chains, int chain, int depth, bool restricted, List<ScanRule> exceptions, ref ScanRule? mayAccept, Dictionary<(int, bool), ReplyVerdict?> done)
    {
        if (done.TryGetValue((chain, restricted), out ReplyVerdict? known))
        {
            return known;
        }

        ReplyVerdict? verdict = ScanRules(chains, chain, depth, restricted, exceptions, ref mayAccept, done);
        done[(chain, restricted)] = verdict;
        return verdict;
    }

    private static ReplyVerdict? ScanRules(IReadOnlyList<IReadOnlyList<ScanRule>> chains, int chain, int depth, bool restricted, List<ScanRule> exceptions, ref ScanRule? mayAccept, Dictionary<(int, bool), ReplyVerdict?> done)
    {
        foreach (ScanRule rule in chains[chain])
        {
            if (!rule.MatchesEstablished)
            {
                continue;
            }

            bool all = rule.Unrestricted && !restricted;
            switch (rule.Kind)
            {
                case ScanKind.Accept when all:
                    return new ReplyVerdict(true, rule.Location, rule.Text + " accepts established packets");
                case ScanKind.Accept:
                    // Accepts some established packets (or, in a restricted context, every one that got here).
                    mayAccept ??= rule;
                    if (rule.Unrestricted)
                    {
                        return null;
                    }

                    break;
                case ScanKind.Deny when all:
                    return new ReplyVerdict(false, rule.Location, rule.Text + " drops every established packet before any rule accepts them");
                case ScanKind.Untrack when all:
                    return new ReplyVerdict(false, rule.Location, rule.Text + " marks every packet untracked before any rule accepts established ones, so no reply is ESTABLISHED and none is let through as one");
                case ScanKind.Deny or ScanKind.NotEvaluated or ScanKind.Untrack:
                    if (rule.Kind == ScanKind.NotEvaluated)
                    {
                        mayAccept ??= rule;
                    }

                    if (exceptions.Count < MaxExceptions)
                    {
                        exceptions.Add(rule);
                    }

                    if (rule.Unrestricted)
                    {
                        return null; // in a restricted context: what reaches here stops here
                    }

                    break;
                case ScanKind.Jump or ScanKind.Goto:
                    if (depth >= MaxDepth || rule.Target < 0)
                    {
                        break;
                    }

                    ReplyVerdict? inner = ScanChain(chains, rule.Target, depth + 1, !all, exceptions, ref mayAccept, done);
                    if (inner is not null || (rule.Kind == ScanKind.Goto && rule.Unrestricted))
                    {
                        return inner;
                    }

                    break;
                case ScanKind.Return when rule.Unrestricted:
                    return null;
            }
        }

        return null;
    }
}

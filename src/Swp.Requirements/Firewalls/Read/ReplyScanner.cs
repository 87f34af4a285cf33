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

/// <summary>Whether replies get through a direction, where that is decided, and why.</summary>
internal readonly record struct ReplyVerdict(bool Allowed, SourceLocation Location, string Text);

/// <summary>
/// Decides <see cref="ObservedDirection.RepliesAllowed"/> for iptables and nftables: walking a
/// base chain in order (into the chains it jumps to), replies are allowed when a rule that
/// accepts every established packet comes before any rule that may drop one (a drop, a reject,
/// or a rule that was not evaluated), or when no such rule comes and the policy accepts. A
/// drop that only some established packets meet (a blocklist) counts: those replies are lost.
/// </summary>
internal static class ReplyScanner
{
    private const int MaxDepth = 64;

    /// <summary>Scans base chain <paramref name="baseChain"/> of <paramref name="chains"/>.</summary>
    public static ReplyVerdict Scan(IReadOnlyList<IReadOnlyList<ScanRule>> chains, int baseChain, bool policyPermits, SourceLocation policyLocation, string policyText)
    {
        ReplyVerdict? verdict = ScanChain(chains, baseChain, 0);
        return verdict ?? new ReplyVerdict(
            policyPermits,
            policyLocation,
            policyPermits
                ? policyText + " accepts established packets (no rule before it drops them)"
                : policyText + " drops established packets: no rule before it accepts them all");
    }

    /// <summary>Replies get through a direction only when every base chain lets them through.</summary>
    public static ReplyVerdict Combine(List<ReplyVerdict> verdicts)
    {
        foreach (ReplyVerdict verdict in verdicts)
        {
            if (!verdict.Allowed)
            {
                return verdict;
            }
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

    // Null: the chain ends (or returns) without deciding.
    private static ReplyVerdict? ScanChain(IReadOnlyList<IReadOnlyList<ScanRule>> chains, int chain, int depth)
    {
        foreach (ScanRule rule in chains[chain])
        {
            if (!rule.MatchesEstablished)
            {
                continue;
            }

            switch (rule.Kind)
            {
                case ScanKind.Accept when rule.Unrestricted:
                    return new ReplyVerdict(true, rule.Location, rule.Text + " accepts established packets before any drop");
                case ScanKind.Deny:
                    return new ReplyVerdict(false, rule.Location, rule.Text + " may drop established packets, and comes before any rule that accepts them all");
                case ScanKind.NotEvaluated:
                    return new ReplyVerdict(false, rule.Location, rule.Text + " is not evaluated and may drop established packets before any rule accepts them all");
                case ScanKind.Jump or ScanKind.Goto:
                    ReplyVerdict? inner = depth < MaxDepth && rule.Target >= 0
                        ? ScanChain(chains, rule.Target, depth + 1)
                        : new ReplyVerdict(false, rule.Location, rule.Text + " jumps too deep to follow");
                    if (inner is { Allowed: false } || (inner is not null && rule.Unrestricted))
                    {
                        // A restricted jump's accept proves nothing for the packets it does not match.
                        return inner;
                    }

                    if (inner is null && rule.Kind == ScanKind.Goto && rule.Unrestricted)
                    {
                        return null;
                    }

                    break;
                case ScanKind.Return when rule.Unrestricted:
                    return null;
            }
        }

        return null;
    }
}

using System;

namespace Swp.Requirements.Firewalls;

/// <summary>What a platform made a renderer do to a rule or to the policy.</summary>
public enum RenderWarningKind
{
    /// <summary>Left out: the platform cannot hold it or it is not the platform's business (a loopback rule in a cloud security group, a non-HTTP rule in a proxy's list).</summary>
    LeftOut,

    /// <summary>Widened: it matches more than the rule (domain names on a platform that matches addresses only: any remote address).</summary>
    Widened,

    /// <summary>Cut: a comment or description longer than the platform keeps, ending in <c>...</c>.</summary>
    Truncated,

    /// <summary>Changed: characters the platform does not take in a comment or description were replaced.</summary>
    Sanitized,

    /// <summary>Rendered, but the platform does not apply it (Windows Firewall does not filter loopback traffic).</summary>
    NoEffect,
}

/// <summary>
/// One thing a renderer had to leave out, widen, cut or change to fit the platform (also a
/// comment in the output where the dialect has comments). <see cref="FirewallRenderer.Render(FirewallPolicy, System.IO.TextWriter)"/> returns them.
/// </summary>
public sealed class RenderWarning
{
    /// <summary>Creates a warning.</summary>
    /// <param name="kind">What was done.</param>
    /// <param name="ruleName">The rule's name, or null when it is about the policy as a whole.</param>
    /// <param name="message">What was done and why, one line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public RenderWarning(RenderWarningKind kind, string? ruleName, string message)
    {
        Kind = kind;
        RuleName = ruleName;
        Message = message ?? throw new ArgumentNullException(nameof(message));
    }

    /// <summary>What was done.</summary>
    public RenderWarningKind Kind { get; }

    /// <summary>The rule's name (<see cref="FirewallRule.Name"/>), or null when it is about the policy as a whole.</summary>
    public string? RuleName { get; }

    /// <summary>What was done and why, one line, e.g. <c>matches addresses, not names: any remote address</c>.</summary>
    public string Message { get; }

    /// <summary>The rule's name and the message, e.g. <c>swp-egress-tcp-443-...: left out: ...</c>.</summary>
    public override string ToString() => RuleName is null ? Message : RuleName + ": " + Message;
}

using System;
using System.Collections.Generic;
using System.IO;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Formats a <see cref="FirewallPolicy"/> in one dialect (iptables, nftables, ...). A dialect
/// is one subclass: it declares itself (<see cref="Dialect"/>: its ID, file extension, the
/// export that reads it back, its platform's limits), formats the neutral model, and reports
/// what the platform made it leave out, widen, cut or change (<see cref="RenderWarning"/>); it
/// adds no meaning of its own. <see cref="FirewallRenderers"/> lists every dialect.
/// </summary>
public abstract class FirewallRenderer
{
    /// <summary>What the dialect is, as data: its ID and aliases, file extension, read-back export and limits.</summary>
    public abstract FirewallDialect Dialect { get; }

    /// <summary>The dialect's ID, as <c>swp-ports render --format</c> takes it, e.g. <c>iptables</c> (<see cref="FirewallDialect.Format"/>).</summary>
    public string Format => Dialect.Format;

    /// <summary>Writes the configuration and returns what the platform made the renderer leave out, widen, cut or change.</summary>
    /// <param name="policy">What to render.</param>
    /// <param name="writer">Where to write it.</param>
    /// <returns>The warnings, in the order the output meets them (each is also a comment in the output where the dialect has comments); empty when everything was rendered as it is.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A rule's name or domain name breaks the model's contract, or a network is <c>default</c>.</exception>
    /// <exception cref="FirewallLimitException">The policy does not fit the platform's limits and cannot be split.</exception>
    public IReadOnlyList<RenderWarning> Render(FirewallPolicy policy, TextWriter writer)
    {
        RenderText.Validate(policy, writer);
        var warnings = new List<RenderWarning>();
        RenderCore(policy, writer, warnings);
        return warnings;
    }

    /// <summary>Renders to a string (the warnings stay comments in it; <see cref="Render(FirewallPolicy, TextWriter)"/> returns them too).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">A rule's name or domain name breaks the model's contract, or a network is <c>default</c>.</exception>
    /// <exception cref="FirewallLimitException">The policy does not fit the platform's limits and cannot be split.</exception>
    public string Render(FirewallPolicy policy)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        Render(policy, writer);
        return writer.ToString();
    }

    /// <summary>
    /// Writes the configuration of a policy already checked (rule names, domain names and
    /// networks keep the model's contract; neither argument is null).
    /// </summary>
    /// <param name="policy">What to render.</param>
    /// <param name="writer">Where to write it.</param>
    /// <param name="warnings">Where to add what the platform made the renderer leave out, widen, cut or change.</param>
    /// <exception cref="FirewallLimitException">The policy does not fit the platform's limits and cannot be split.</exception>
    protected abstract void RenderCore(FirewallPolicy policy, TextWriter writer, ICollection<RenderWarning> warnings);
}

/// <summary>A policy does not fit a platform's limits (e.g. AWS's rules per security group), and the renderer cannot split it.</summary>
public sealed class FirewallLimitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FirewallLimitException()
    {
    }

    /// <summary>Creates the exception with a message naming the limit.</summary>
    public FirewallLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public FirewallLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using System;
using System.IO;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// Formats a <see cref="FirewallPolicy"/> in one dialect (iptables, nftables, ...). A dialect
/// is one subclass: it formats the neutral model, states its platform's limits, and adds no
/// meaning of its own.
/// </summary>
public abstract class FirewallRenderer
{
    /// <summary>The dialect's ID, as <c>swp-ports render --format</c> takes it, e.g. <c>iptables</c>.</summary>
    public abstract string Format { get; }

    /// <summary>Writes the configuration.</summary>
    /// <param name="policy">What to render.</param>
    /// <param name="writer">Where to write it.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FirewallLimitException">The policy does not fit the platform's limits and cannot be split.</exception>
    public abstract void Render(FirewallPolicy policy, TextWriter writer);

    /// <summary>Renders to a string.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public string Render(FirewallPolicy policy)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        Render(policy, writer);
        return writer.ToString();
    }
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

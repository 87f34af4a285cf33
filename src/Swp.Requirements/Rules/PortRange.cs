using System;
using System.Globalization;

namespace Swp.Requirements;

/// <summary>A range of destination ports, <see cref="First"/> to <see cref="Last"/> inclusive.</summary>
public readonly struct PortRange : IEquatable<PortRange>
{
    /// <summary>Creates a range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A port is outside 1–65535, or <paramref name="first"/> &gt; <paramref name="last"/>.</exception>
    public PortRange(int first, int last)
    {
        First = PortOverride.CheckPort(first, nameof(first));
        Last = PortOverride.CheckPort(last, nameof(last));
        if (first > last)
        {
            throw new ArgumentOutOfRangeException(nameof(last), last, "The last port is not below the first.");
        }
    }

    /// <summary>Every port, 1–65535.</summary>
    public static PortRange All => new(1, 65535);

    /// <summary>One port.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1–65535.</exception>
    public static PortRange Of(int port) => new(port, port);

    /// <summary>The first port.</summary>
    public int First { get; }

    /// <summary>The last port.</summary>
    public int Last { get; }

    /// <summary>True when <paramref name="port"/> is in the range.</summary>
    public bool Contains(int port) => First <= port && port <= Last;

    /// <inheritdoc/>
    public bool Equals(PortRange other) => First == other.First && Last == other.Last;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PortRange other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (First << 16) ^ Last;

    /// <summary>E.g. <c>443</c> or <c>8000-8100</c>.</summary>
    public override string ToString() => First == Last
        ? First.ToString(CultureInfo.InvariantCulture)
        : First.ToString(CultureInfo.InvariantCulture) + "-" + Last.ToString(CultureInfo.InvariantCulture);

    /// <summary>Compares two ranges.</summary>
    public static bool operator ==(PortRange left, PortRange right) => left.Equals(right);

    /// <summary>Compares two ranges.</summary>
    public static bool operator !=(PortRange left, PortRange right) => !left.Equals(right);
}

using System;

namespace Swp.Requirements;

/// <summary>
/// A changed default port: flows to <see cref="Destination"/> on <see cref="DefaultPort"/> use
/// <see cref="Port"/> instead, e.g. agents reaching the manager through a web proxy on 1443 instead of 443.
/// </summary>
public readonly struct PortOverride : IEquatable<PortOverride>
{
    /// <summary>Creates an override.</summary>
    /// <param name="destination">The destination component whose port changes.</param>
    /// <param name="defaultPort">The vendor's default port, 1–65535.</param>
    /// <param name="port">The port used instead, 1–65535.</param>
    /// <exception cref="ArgumentOutOfRangeException">A port is outside 1–65535.</exception>
    public PortOverride(Component destination, int defaultPort, int port)
    {
        Destination = destination;
        DefaultPort = CheckPort(defaultPort, nameof(defaultPort));
        Port = CheckPort(port, nameof(port));
    }

    /// <summary>The destination component whose port changes.</summary>
    public Component Destination { get; }

    /// <summary>The vendor's default port, 1–65535.</summary>
    public int DefaultPort { get; }

    /// <summary>The port used instead, 1–65535.</summary>
    public int Port { get; }

    /// <summary>True when this override changes <paramref name="flow"/>'s port.</summary>
    public bool Applies(in Flow flow) => flow.Destination == Destination && flow.Port == DefaultPort;

    /// <inheritdoc/>
    public bool Equals(PortOverride other) => Destination == other.Destination && DefaultPort == other.DefaultPort && Port == other.Port;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PortOverride other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((int)Destination << 24) ^ (DefaultPort << 8) ^ Port;

    /// <summary>E.g. <c>server-workload-protection:443=1443</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Destination.ToId()}:{DefaultPort}={Port}");

    /// <summary>Compares destination and both ports.</summary>
    public static bool operator ==(PortOverride left, PortOverride right) => left.Equals(right);

    /// <summary>Compares destination and both ports.</summary>
    public static bool operator !=(PortOverride left, PortOverride right) => !left.Equals(right);

    internal static int CheckPort(int port, string parameter) =>
        port is >= 1 and <= 65535 ? port : throw new ArgumentOutOfRangeException(parameter, port, "A port is 1–65535.");
}

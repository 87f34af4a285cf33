using System;

namespace Swp.Requirements;

/// <summary>
/// A changed default port: flows to <see cref="Destination"/> on <see cref="DefaultPort"/> (from
/// <see cref="Source"/> only, when it is set) use <see cref="Port"/> instead, e.g. agents and
/// relays reaching the manager through a web proxy on 1443 instead of 443.
/// </summary>
public readonly struct PortOverride : IEquatable<PortOverride>
{
    private readonly Component _source;
    private readonly bool _hasSource;

    /// <summary>Creates an override for flows from every source.</summary>
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

    /// <summary>Creates an override for flows from one source only.</summary>
    /// <param name="source">The source component whose flows change.</param>
    /// <param name="destination">The destination component whose port changes.</param>
    /// <param name="defaultPort">The vendor's default port, 1–65535.</param>
    /// <param name="port">The port used instead, 1–65535.</param>
    /// <exception cref="ArgumentOutOfRangeException">A port is outside 1–65535.</exception>
    public PortOverride(Component source, Component destination, int defaultPort, int port)
        : this(destination, defaultPort, port)
    {
        _source = source;
        _hasSource = true;
    }

    /// <summary>The source whose flows change, or null for every source.</summary>
    public Component? Source => _hasSource ? _source : null;

    /// <summary>The destination component whose port changes.</summary>
    public Component Destination { get; }

    /// <summary>The vendor's default port, 1–65535.</summary>
    public int DefaultPort { get; }

    /// <summary>The port used instead, 1–65535.</summary>
    public int Port { get; }

    /// <summary>True when this override changes <paramref name="flow"/>'s port.</summary>
    public bool Applies(in Flow flow) =>
        Deployments.SpecFacts.PortChangeApplies(_hasSource ? (int)_source : -1, (int)Destination, DefaultPort, (int)flow.Source, (int)flow.Destination, flow.DefaultPort);

    /// <summary>True when both overrides change the same flows (same source filter, destination and default port).</summary>
    public bool Targets(in PortOverride other) =>
        Destination == other.Destination && DefaultPort == other.DefaultPort && Source == other.Source;

    /// <inheritdoc/>
    public bool Equals(PortOverride other) => Targets(other) && Port == other.Port;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PortOverride other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((int)Destination << 24) ^ (DefaultPort << 8) ^ Port ^ (_hasSource ? (int)_source + 1 : 0);

    /// <summary>E.g. <c>server-workload-protection:443=1443</c>, or <c>agent&gt;server-workload-protection:443=1443</c> for one source.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{(_hasSource ? _source.ToId() + ">" : "")}{Destination.ToId()}:{DefaultPort}={Port}");

    /// <summary>Compares source filter, destination and both ports.</summary>
    public static bool operator ==(PortOverride left, PortOverride right) => left.Equals(right);

    /// <summary>Compares source filter, destination and both ports.</summary>
    public static bool operator !=(PortOverride left, PortOverride right) => !left.Equals(right);

    internal static int CheckPort(int port, string parameter) =>
        port is >= 1 and <= 65535 ? port : throw new ArgumentOutOfRangeException(parameter, port, "A port is 1–65535.");
}

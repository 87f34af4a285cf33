using System;

namespace Swp.Requirements;

/// <summary>
/// One required network flow: the <see cref="Source"/> component opens a connection (TCP) or
/// session (UDP) to the <see cref="Destination"/> component's <see cref="Port"/>. Replies on the
/// same connection must be allowed too, and the source port is ephemeral (see
/// <see cref="SpecInfo.Notes"/>). Values come from the compiled vendor table; see <see cref="Flows"/>.
/// </summary>
public readonly struct Flow : IEquatable<Flow>
{
    private readonly ushort _port;

    /// <summary>
    /// Creates a flow. The library's tables and the classes generated from deployment files use
    /// this; most programs only read flows from <see cref="Flows"/> or a <see cref="Deployment"/>.
    /// </summary>
    /// <param name="source">The component that opens the connection.</param>
    /// <param name="destination">The component that listens.</param>
    /// <param name="port">The destination port, 1–65535.</param>
    /// <param name="ipProtocol">TCP or UDP.</param>
    /// <param name="applicationProtocol">The application protocol carried.</param>
    /// <param name="conditions">The conditions under which the flow is needed.</param>
    /// <param name="isHostLocal">True when the flow stays on one host (loopback).</param>
    /// <param name="note">A note specific to this flow, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1–65535.</exception>
    public Flow(
        Component source,
        Component destination,
        int port,
        IPProtocol ipProtocol,
        ApplicationProtocol applicationProtocol,
        Conditions conditions = Conditions.None,
        bool isHostLocal = false,
        string? note = null)
    {
        Source = source;
        Destination = destination;
        _port = (ushort)PortOverride.CheckPort(port, nameof(port));
        IPProtocol = ipProtocol;
        ApplicationProtocol = applicationProtocol;
        Conditions = conditions;
        IsHostLocal = isHostLocal;
        Note = note;
    }

    /// <summary>The component that opens the connection.</summary>
    public Component Source { get; }

    /// <summary>The component that listens.</summary>
    public Component Destination { get; }

    /// <summary>The destination port, 1–65535: the vendor's default, or a deployment's override (<see cref="Deployment.WithPort"/>).</summary>
    public int Port => _port;

    /// <summary>TCP or UDP.</summary>
    public IPProtocol IPProtocol { get; }

    /// <summary>The application protocol carried, e.g. HTTPS.</summary>
    public ApplicationProtocol ApplicationProtocol { get; }

    /// <summary>
    /// Every condition that must be enabled for the flow to be needed; <see cref="Conditions.None"/>
    /// for flows every deployment needs. Includes the conditions of optional source and destination components.
    /// </summary>
    public Conditions Conditions { get; }

    /// <summary>
    /// True when the flow stays on one host (loopback, e.g. a relay's port 4123): it belongs in a
    /// host firewall, never in a network firewall or security group.
    /// </summary>
    public bool IsHostLocal { get; }

    /// <summary>A note specific to this flow, or null.</summary>
    public string? Note { get; }

    /// <summary>This flow with another destination port.</summary>
    internal Flow WithPort(int port) =>
        new(Source, Destination, port, IPProtocol, ApplicationProtocol, Conditions, IsHostLocal, Note);

    /// <inheritdoc/>
    public bool Equals(Flow other) =>
        Source == other.Source && Destination == other.Destination && _port == other._port && IPProtocol == other.IPProtocol
        && ApplicationProtocol == other.ApplicationProtocol && Conditions == other.Conditions && IsHostLocal == other.IsHostLocal
        && string.Equals(Note, other.Note, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Flow other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        ((int)Source << 24) ^ ((int)Destination << 16) ^ _port ^ ((int)IPProtocol << 8) ^ (int)Conditions;

    /// <summary>E.g. <c>agent -&gt; server-workload-protection 443/tcp https</c>.</summary>
    public override string ToString() =>
        $"{Source.ToId()} -> {Destination.ToId()} {Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{IPProtocol.ToId()} {ApplicationProtocol.ToId()}";

    /// <summary>Compares two flows field by field.</summary>
    public static bool operator ==(Flow left, Flow right) => left.Equals(right);

    /// <summary>Compares two flows field by field.</summary>
    public static bool operator !=(Flow left, Flow right) => !left.Equals(right);
}

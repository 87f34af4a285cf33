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
    private readonly ushort _defaultPort;

    /// <summary>
    /// Creates a flow of the compiled table. Internal: every flow comes from the vendor's table
    /// (<see cref="Flows"/>, a <see cref="Deployment"/>), so no caller can fabricate one.
    /// </summary>
    /// <param name="source">The component that opens the connection.</param>
    /// <param name="destination">The component that listens.</param>
    /// <param name="port">The destination port, 1–65535.</param>
    /// <param name="ipProtocol">TCP or UDP.</param>
    /// <param name="applicationProtocol">The application protocol carried.</param>
    /// <param name="conditions">The conditions under which the flow is needed.</param>
    /// <param name="replacedBy">The conditions that make the flow unneeded.</param>
    /// <param name="isHostLocal">True when the flow stays on one host (loopback).</param>
    /// <param name="note">A note specific to this flow, or null.</param>
    internal Flow(
        Component source,
        Component destination,
        int port,
        IPProtocol ipProtocol,
        ApplicationProtocol applicationProtocol,
        Conditions conditions,
        Conditions replacedBy,
        bool isHostLocal,
        string? note)
    {
        Source = source;
        Destination = destination;
        _port = (ushort)PortOverride.CheckPort(port, nameof(port));
        _defaultPort = _port;
        ReplacedBy = replacedBy;
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

    /// <summary>The destination port, 1–65535: the vendor's default, or a deployment's changed port (<see cref="Deployment.WithPort"/>).</summary>
    public int Port => _port;

    /// <summary>The vendor's default destination port (equal to <see cref="Port"/> unless a deployment changed it).</summary>
    public int DefaultPort => _defaultPort;

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
    /// The conditions that make the flow unneeded, e.g. a web proxy for the direct connection of
    /// agents to the manager; <see cref="Conditions.None"/> for most flows. A deployment needs a
    /// flow when every condition in <see cref="Conditions"/> is enabled and none in this.
    /// </summary>
    public Conditions ReplacedBy { get; }

    /// <summary>
    /// True when the flow stays on one host (loopback, e.g. a relay's port 4123): it belongs in a
    /// host firewall, never in a network firewall or security group.
    /// </summary>
    public bool IsHostLocal { get; }

    /// <summary>A note specific to this flow, or null.</summary>
    public string? Note { get; }

    /// <summary>This flow with another destination port; <see cref="DefaultPort"/> stays.</summary>
    internal Flow WithPort(int port) => new(this, port);

    private Flow(in Flow other, int port)
    {
        this = other;
        _port = (ushort)port;
    }

    /// <inheritdoc/>
    public bool Equals(Flow other) =>
        Source == other.Source && Destination == other.Destination && _port == other._port && _defaultPort == other._defaultPort && IPProtocol == other.IPProtocol
        && ApplicationProtocol == other.ApplicationProtocol && Conditions == other.Conditions && ReplacedBy == other.ReplacedBy && IsHostLocal == other.IsHostLocal
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

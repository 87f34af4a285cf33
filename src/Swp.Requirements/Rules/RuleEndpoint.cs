using System;

namespace Swp.Requirements;

/// <summary>
/// One end of a rule in a <see cref="RuleSet"/>: any address, a component (its addresses in the
/// deployment being checked), an IPv4 network, or, for destinations, a domain name (which holds the
/// components reached by name, such as the manager, when it is one of the vendor's names for the
/// deployment's region, or a <c>*.</c> over one; any other name holds no component).
/// </summary>
public readonly struct RuleEndpoint : IEquatable<RuleEndpoint>
{
    private enum Kind : byte
    {
        Any,
        Component,
        Network,
        DomainName,
    }

    private readonly Kind _kind;
    private readonly Component _component;
    private readonly IPv4Network _network;
    private readonly string? _domainName;

    private RuleEndpoint(Kind kind, Component component, IPv4Network network, string? domainName)
    {
        _kind = kind;
        _component = component;
        _network = network;
        _domainName = domainName;
    }

    /// <summary>Every address (also the default value).</summary>
    public static RuleEndpoint Any => default;

    /// <summary>A component: its addresses in the deployment checked (anywhere, when it gives none).</summary>
    public static RuleEndpoint Of(Component component) => new(Kind.Component, component, default, null);

    /// <summary>An IPv4 network (<c>0.0.0.0/0</c> holds anywhere, including components with no addresses).</summary>
    /// <exception cref="ArgumentException"><paramref name="network"/> is <c>default</c> (no network).</exception>
    public static RuleEndpoint Of(IPv4Network network) =>
        network.IsValid ? new(Kind.Network, default, network, null) : throw new ArgumentException("default(IPv4Network) is no network.", nameof(network));

    /// <summary>A domain name, for destinations: when it is one of the vendor's names for the deployment's region (or a <c>*.</c> over one), it holds every component reached by name (the manager); any other name holds none.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static RuleEndpoint OfDomainName(string name) =>
        string.IsNullOrEmpty(name) ? throw new ArgumentException("A domain name is not empty.", nameof(name)) : new(Kind.DomainName, default, default, name);

    /// <summary>The component, when this endpoint names one.</summary>
    public Component? Component => _kind == Kind.Component ? _component : null;

    /// <summary>The network, when this endpoint is one.</summary>
    public IPv4Network? Network => _kind == Kind.Network ? _network : null;

    /// <summary>The domain name, when this endpoint is one.</summary>
    public string? DomainName => _kind == Kind.DomainName ? _domainName : null;

    /// <summary>True for <see cref="Any"/>.</summary>
    public bool IsAny => _kind == Kind.Any;

    /// <inheritdoc/>
    public bool Equals(RuleEndpoint other) =>
        _kind == other._kind && _component == other._component && _network == other._network && string.Equals(_domainName, other._domainName, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RuleEndpoint other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((int)_kind << 24) ^ (int)_component ^ _network.GetHashCode();

    /// <summary>As a deployment file writes it: <c>any</c>, a component ID, a CIDR or a domain name.</summary>
    public override string ToString() => _kind switch
    {
        Kind.Component => _component.ToId(),
        Kind.Network => _network.ToString(),
        Kind.DomainName => _domainName!,
        _ => "any",
    };

    /// <summary>Compares two endpoints.</summary>
    public static bool operator ==(RuleEndpoint left, RuleEndpoint right) => left.Equals(right);

    /// <summary>Compares two endpoints.</summary>
    public static bool operator !=(RuleEndpoint left, RuleEndpoint right) => !left.Equals(right);
}

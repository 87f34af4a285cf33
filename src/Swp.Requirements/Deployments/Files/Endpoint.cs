using Swp.Requirements.Specs;

namespace Swp.Requirements.Deployments;

/// <summary>What a rule's source or destination names.</summary>
internal enum EndpointKind
{
    /// <summary><c>any</c>: every address and every name.</summary>
    Any,

    /// <summary>A component ID: that component, wherever it is.</summary>
    Component,

    /// <summary>An IPv4 network (a bare address is a /32).</summary>
    Network,

    /// <summary>A domain name: covers components reached by name (dynamic addresses).</summary>
    DomainName,
}

/// <summary>A resolved rule endpoint.</summary>
internal readonly record struct Endpoint(EndpointKind Kind, int Component = -1, uint Network = 0, int PrefixLength = 0);

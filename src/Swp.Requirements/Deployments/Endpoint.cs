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

/// <summary>A read rule endpoint (of a deployment file or of the library's <c>RuleSet</c>); what it covers is <see cref="ResolvedDeployment.AddressesOf(Endpoint, bool)"/>.</summary>
internal readonly record struct Endpoint(EndpointKind Kind, int Component = -1, uint Network = 0, int PrefixLength = 0, string? Name = null)
{
    public static Endpoint Any => new(EndpointKind.Any);

    public static Endpoint OfComponent(int component) => new(EndpointKind.Component, component);

    public static Endpoint OfNetwork(uint network, int prefixLength) => new(EndpointKind.Network, Network: network, PrefixLength: prefixLength);

    public static Endpoint OfDomainName(string name) => new(EndpointKind.DomainName, Name: name);
}

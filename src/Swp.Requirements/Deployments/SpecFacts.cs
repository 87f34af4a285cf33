using System.Collections.Generic;

namespace Swp.Requirements.Deployments;

/// <summary>One flow of the compiled table, as plain numbers (indexes into <see cref="SpecFacts"/>'s lists).</summary>
internal readonly struct FlowFact
{
    public FlowFact(int source, int destination, int port, byte ipProtocol, int applicationProtocol, uint conditions, uint unless, bool hostLocal)
    {
        Source = source;
        Destination = destination;
        Port = port;
        IPProtocol = ipProtocol;
        ApplicationProtocol = applicationProtocol;
        Conditions = conditions;
        Unless = unless;
        HostLocal = hostLocal;
    }

    public int Source { get; }

    public int Destination { get; }

    /// <summary>The default destination port.</summary>
    public int Port { get; }

    /// <summary>6 (TCP) or 17 (UDP).</summary>
    public byte IPProtocol { get; }

    public int ApplicationProtocol { get; }

    /// <summary>Bit i: condition i must be enabled.</summary>
    public uint Conditions { get; }

    /// <summary>Bit i: condition i makes the flow unneeded (a web proxy replaces a direct flow).</summary>
    public uint Unless { get; }

    public bool HostLocal { get; }
}

/// <summary>A default port with a name (e.g. <c>proxy</c>): the component listening on it and the port.</summary>
internal readonly struct NamedPortFact
{
    public NamedPortFact(string id, int destination, int defaultPort)
    {
        Id = id;
        Destination = destination;
        DefaultPort = defaultPort;
    }

    public string Id { get; }

    public int Destination { get; }

    public int DefaultPort { get; }
}

/// <summary>One of the vendor's domain names: the regions it serves (none: every region) and the CIDRs a page ties it to.</summary>
internal sealed class DomainFact
{
    public DomainFact(string name, IReadOnlyList<int> regions, IReadOnlyList<(uint Network, int PrefixLength)> cidrs)
    {
        Name = name;
        Regions = regions;
        Cidrs = cidrs;
    }

    /// <summary>The name, lower case; a leading <c>*.</c> stands for any subdomain.</summary>
    public string Name { get; }

    /// <summary>The regions whose deployments reach it; empty for every region.</summary>
    public IReadOnlyList<int> Regions { get; }

    /// <summary>The CIDRs a vendor page ties it to (its "Firewall EIP Block"); often none.</summary>
    public IReadOnlyList<(uint Network, int PrefixLength)> Cidrs { get; }

    /// <summary>True when a deployment in <paramref name="region"/> (-1: unknown, any region) reaches it.</summary>
    public bool AppliesTo(int region)
    {
        if (region < 0 || Regions.Count == 0)
        {
            return true;
        }

        for (int i = 0; i < Regions.Count; i++)
        {
            if (Regions[i] == region)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The facts of a compiled spec the deployment model needs, as plain numbers and strings: the
/// generator fills it from its validated spec, the library from its generated tables. Shared
/// source: no Roslyn type, no generated enum.
/// </summary>
internal sealed class SpecFacts
{
    public SpecFacts(
        IReadOnlyList<string> componentIds,
        IReadOnlyList<uint> componentConditions,
        IReadOnlyList<bool> dynamicAddresses,
        IReadOnlyList<string> conditionIds,
        IReadOnlyList<string> regionIds,
        IReadOnlyList<IReadOnlyList<(uint Network, int PrefixLength)>> regionSubnets,
        IReadOnlyList<string> applicationProtocolIds,
        IReadOnlyList<FlowFact> flows,
        IReadOnlyList<NamedPortFact> namedPorts,
        IReadOnlyList<DomainFact>? domains = null)
    {
        Domains = domains ?? [];
        ComponentIds = componentIds;
        ComponentConditions = componentConditions;
        DynamicAddresses = dynamicAddresses;
        ConditionIds = conditionIds;
        RegionIds = regionIds;
        RegionSubnets = regionSubnets;
        ApplicationProtocolIds = applicationProtocolIds;
        Flows = flows;
        NamedPorts = namedPorts;
        Manager = -1;
        for (int c = 0; c < dynamicAddresses.Count; c++)
        {
            if (dynamicAddresses[c])
            {
                Manager = c;
                break;
            }
        }
    }

    public IReadOnlyList<string> ComponentIds { get; }

    /// <summary>The condition bit (a mask) each component exists under; 0 for none.</summary>
    public IReadOnlyList<uint> ComponentConditions { get; }

    /// <summary>True for components reached by domain name, whose addresses change.</summary>
    public IReadOnlyList<bool> DynamicAddresses { get; }

    public IReadOnlyList<string> ConditionIds { get; }

    public IReadOnlyList<string> RegionIds { get; }

    public IReadOnlyList<IReadOnlyList<(uint Network, int PrefixLength)>> RegionSubnets { get; }

    public IReadOnlyList<string> ApplicationProtocolIds { get; }

    /// <summary>Every flow, in table order.</summary>
    public IReadOnlyList<FlowFact> Flows { get; }

    public IReadOnlyList<NamedPortFact> NamedPorts { get; }

    /// <summary>The vendor's domain names, in the spec's order.</summary>
    public IReadOnlyList<DomainFact> Domains { get; }

    /// <summary>
    /// True when a destination named <paramref name="name"/> reaches the manager in a deployment in
    /// <paramref name="region"/> (-1: unknown): the name is one of the vendor's names for the region
    /// (case does not matter in DNS), or a wildcard <c>*.suffix</c> that covers one of them. Any
    /// other name holds no component the spec knows.
    /// </summary>
    public bool IsVendorName(string name, int region)
    {
        string lower = name.ToLowerInvariant();
        string? suffix = lower.StartsWith("*.", System.StringComparison.Ordinal) ? lower.Substring(1) : null;
        foreach (DomainFact domain in Domains)
        {
            if (domain.AppliesTo(region)
                && (domain.Name == lower || (suffix is not null && domain.Name.EndsWith(suffix, System.StringComparison.Ordinal) && domain.Name.Length > suffix.Length)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The vendor name for the region closest to <paramref name="name"/> (for "did you mean"), or null.</summary>
    public string? ClosestVendorName(string name, int region)
    {
        var names = new List<string>();
        foreach (DomainFact domain in Domains)
        {
            if (domain.AppliesTo(region))
            {
                names.Add(domain.Name);
            }
        }

        return Text.IdSuggestion.Closest(name.ToLowerInvariant(), names.ToArray());
    }

    /// <summary>
    /// The manager's addresses as the vendor gives them for a region: every CIDR its pages tie to
    /// one of the region's names, distinct, in address order (empty when the region is unknown or
    /// the pages tie none). <c>render --manager-addresses vendor</c> and the deployments that say
    /// <c>"server-workload-protection": "vendor"</c> both use this.
    /// </summary>
    /// <param name="region">The region's index.</param>
    /// <param name="strict">
    /// The strict reading: leave out the CIDRs that are another region's manager subnets (Germany's
    /// page lists <c>gb-1</c> names, tied to the UK's subnets, in Germany's block).
    /// </param>
    public List<(uint Network, int PrefixLength)> VendorSubnets(int region, bool strict = false)
    {
        var result = new List<(uint Network, int PrefixLength)>();
        if (region < 0)
        {
            return result;
        }

        foreach (DomainFact domain in Domains)
        {
            if (!domain.AppliesTo(region))
            {
                continue;
            }

            foreach ((uint Network, int PrefixLength) cidr in domain.Cidrs)
            {
                if (!result.Contains(cidr) && !(strict && OtherRegionOf(cidr, region) >= 0))
                {
                    result.Add(cidr);
                }
            }
        }

        result.Sort((a, b) => a.Network != b.Network ? a.Network.CompareTo(b.Network) : a.PrefixLength.CompareTo(b.PrefixLength));
        return result;
    }

    /// <summary>
    /// The region other than <paramref name="region"/> whose manager subnets overlap
    /// <paramref name="cidr"/>, or -1 for none: a vendor subnet of one region that is another's.
    /// </summary>
    public int OtherRegionOf((uint Network, int PrefixLength) cidr, int region)
    {
        ulong first = cidr.Network;
        ulong last = first + (1UL << (32 - cidr.PrefixLength)) - 1;
        for (int r = 0; r < RegionSubnets.Count; r++)
        {
            if (r == region)
            {
                continue;
            }

            foreach ((uint network, int prefix) in RegionSubnets[r])
            {
                ulong start = network;
                ulong end = start + (1UL << (32 - prefix)) - 1;
                if (start <= last && first <= end)
                {
                    return r;
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// The manager: the component whose addresses are dynamic (the spec says which), whose
    /// connections start from its region's subnets; -1 when the spec has none.
    /// </summary>
    public int Manager { get; }

    /// <summary>
    /// The one rule of what a deployment needs: a flow is needed when every condition it
    /// carries is enabled and none of the conditions that replace it is.
    /// </summary>
    public static bool IsRequired(uint conditions, uint unless, uint enabled) =>
        (conditions & ~enabled) == 0 && (unless & enabled) == 0;

    /// <summary>
    /// The one rule of a changed port: a change of <paramref name="changeDestination"/>'s
    /// <paramref name="changeDefaultPort"/> (from <paramref name="changeSource"/> only, or from
    /// every source when it is -1) applies to a flow to that destination on that default port.
    /// </summary>
    public static bool PortChangeApplies(int changeSource, int changeDestination, int changeDefaultPort, int flowSource, int flowDestination, int flowDefaultPort) =>
        flowDestination == changeDestination && flowDefaultPort == changeDefaultPort && (changeSource < 0 || flowSource == changeSource);

    /// <summary>
    /// What a named port means: a change of the named component's default port, and the
    /// condition of that component (using a proxy's port means the deployment has the proxy).
    /// </summary>
    public PortChange NamedPortChange(int namedPort, int port, out uint conditions)
    {
        NamedPortFact named = NamedPorts[namedPort];
        conditions = ComponentConditions[named.Destination];
        return new PortChange(-1, named.Destination, named.DefaultPort, port);
    }

    /// <summary>The index of a named port's ID, or -1.</summary>
    public int FindNamedPort(string id)
    {
        for (int i = 0; i < NamedPorts.Count; i++)
        {
            if (NamedPorts[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>E.g. <c>agent -&gt; server-workload-protection 443/tcp</c>.</summary>
    public string Describe(int source, int destination, int port, byte ipProtocol) =>
        ComponentIds[source] + " -> " + ComponentIds[destination] + " " + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + ProtocolId(ipProtocol);

    /// <summary><c>tcp</c>, <c>udp</c>, or the protocol number.</summary>
    public static string ProtocolId(int ipProtocol) => Net.IpProtocols.Describe(ipProtocol);
}

/// <summary>A changed default port: flows to <see cref="Destination"/> on <see cref="DefaultPort"/> (from <see cref="Source"/>, or every source when -1) use <see cref="Port"/>.</summary>
internal readonly struct PortChange
{
    public PortChange(int source, int destination, int defaultPort, int port)
    {
        Source = source;
        Destination = destination;
        DefaultPort = defaultPort;
        Port = port;
    }

    public int Source { get; }

    public int Destination { get; }

    public int DefaultPort { get; }

    public int Port { get; }

    public bool Applies(in FlowFact flow) => SpecFacts.PortChangeApplies(Source, Destination, DefaultPort, flow.Source, flow.Destination, flow.Port);

    /// <summary>
    /// The port the flow from <paramref name="source"/> to <paramref name="destination"/> on
    /// <paramref name="defaultPort"/> uses under <paramref name="changes"/>: the last change that
    /// applies, else its default. The one place this rule is written (the library's
    /// <c>Deployment.PortOf</c> and the shared model both call it).
    /// </summary>
    public static int Resolve(IReadOnlyList<PortChange> changes, int source, int destination, int defaultPort)
    {
        int port = defaultPort;
        for (int i = 0; i < changes.Count; i++)
        {
            PortChange c = changes[i];
            if (SpecFacts.PortChangeApplies(c.Source, c.Destination, c.DefaultPort, source, destination, defaultPort))
            {
                port = c.Port;
            }
        }

        return port;
    }
}

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
        IReadOnlyList<NamedPortFact> namedPorts)
    {
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
    public static string ProtocolId(int ipProtocol) => ipProtocol switch
    {
        6 => "tcp",
        17 => "udp",
        _ => ipProtocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
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
}

using System.Collections.Generic;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Deployments;

/// <summary>A flow a firewall need not carry, and why (a deployment file's <c>exclude</c>).</summary>
internal sealed class Exclusion
{
    /// <param name="source">The source component.</param>
    /// <param name="destination">The destination component.</param>
    /// <param name="port">The port (the deployment's, or the default).</param>
    /// <param name="ipProtocol">6, 17, or 0 for both.</param>
    /// <param name="reason">Why the firewall does not carry it.</param>
    public Exclusion(int source, int destination, int port, byte ipProtocol, string reason)
    {
        Source = source;
        Destination = destination;
        Port = port;
        IPProtocol = ipProtocol;
        Reason = reason;
    }

    public int Source { get; }

    public int Destination { get; }

    public int Port { get; }

    public byte IPProtocol { get; }

    public string Reason { get; }

    /// <summary>True when it names the flow (by its deployment port or its default port).</summary>
    public bool Matches(in FlowFact flow, int port) =>
        flow.Source == Source && flow.Destination == Destination && (port == Port || flow.Port == Port)
        && (IPProtocol == 0 || IPProtocol == flow.IPProtocol);
}

/// <summary>One flow a deployment needs, its port resolved.</summary>
internal sealed class RequiredFlow
{
    public RequiredFlow(int index, FlowFact fact, int port, int exclusion, bool inScope)
    {
        Index = index;
        Fact = fact;
        Port = port;
        Exclusion = exclusion;
        InScope = inScope;
    }

    /// <summary>The flow's index in the table (<see cref="SpecFacts.Flows"/>).</summary>
    public int Index { get; }

    public FlowFact Fact { get; }

    /// <summary>The destination port this deployment uses (a changed port, or the default).</summary>
    public int Port { get; }

    /// <summary>The index of the exclusion that names it, or -1.</summary>
    public int Exclusion { get; }

    /// <summary>False when neither end is a component the firewall is for.</summary>
    public bool InScope { get; }
}

/// <summary>
/// The one model of a deployment: the enabled conditions, the region, the changed ports, the
/// addresses of each component, what the firewall is for (scope) and what it leaves out
/// (exclusions); from them, the required flows with their resolved ports, and the packets each
/// needs. The generator (deployment files), the library (<c>Deployment</c>, rule sets) and the
/// tool (rules, check, render, audit) all build this and ask it; nothing re-implements it.
/// Shared source.
/// </summary>
/// <summary>Where a component's addresses in a deployment come from (<see cref="ResolvedDeployment.OriginOf"/>).</summary>
internal enum AddressOrigin
{
    /// <summary>The deployment gives them.</summary>
    Given,

    /// <summary>The manager's region subnets: where the connections it starts come from.</summary>
    RegionSubnets,

    /// <summary>The subnets the vendor's pages tie to the region's domain names: the manager as a destination, when the deployment says so.</summary>
    VendorSubnets,

    /// <summary>Not known: any address.</summary>
    Anywhere,
}

internal sealed class ResolvedDeployment
{
    private readonly IntervalSet?[] _addresses;
    private readonly bool[] _unreadable;

    /// <param name="spec">The compiled spec.</param>
    /// <param name="enabled">The enabled conditions (bit i: condition i).</param>
    /// <param name="region">The region's index, or -1 when unknown.</param>
    /// <param name="portChanges">Changed ports; a later change wins where two apply.</param>
    /// <param name="addresses">Per component: its addresses, or null when not given (anywhere).</param>
    /// <param name="unreadable">Per component (or null): its addresses were given but could not be read, so its flows cannot be checked.</param>
    /// <param name="scope">Per component (or null for all): the firewall carries flows from or to it.</param>
    /// <param name="exclusions">Flows the firewall need not carry.</param>
    /// <param name="managerAtVendorSubnets">
    /// True when the deployment says the manager is where the vendor's pages put it (<c>"vendor"</c>):
    /// as a destination, the subnets the vendor ties to the region's domain names
    /// (<see cref="SpecFacts.VendorSubnets"/>); as a source, still the region's subnets.
    /// </param>
    public ResolvedDeployment(
        SpecFacts spec,
        uint enabled,
        int region,
        IReadOnlyList<PortChange> portChanges,
        IntervalSet?[] addresses,
        bool[]? unreadable,
        bool[]? scope,
        IReadOnlyList<Exclusion> exclusions,
        bool managerAtVendorSubnets = false)
    {
        Spec = spec;
        Enabled = enabled;
        Region = region;
        PortChanges = portChanges;
        _addresses = addresses;
        _unreadable = unreadable ?? new bool[spec.ComponentIds.Count];
        Exclusions = exclusions;
        var flows = new List<RequiredFlow>();
        for (int i = 0; i < spec.Flows.Count; i++)
        {
            FlowFact f = spec.Flows[i];
            if (!SpecFacts.IsRequired(f.Conditions, f.Unless, enabled))
            {
                continue;
            }

            int port = ResolvePort(f, portChanges);
            int exclusion = -1;
            for (int e = 0; e < exclusions.Count; e++)
            {
                if (exclusions[e].Matches(f, port))
                {
                    exclusion = e;
                    break;
                }
            }

            bool inScope = scope is null || scope[f.Source] || scope[f.Destination];
            flows.Add(new RequiredFlow(i, f, port, exclusion, inScope));
        }

        Flows = flows;
        RegionSubnets = region < 0 ? IntervalSet.Empty : AddressSpace.Networks(spec.RegionSubnets[region]);
        List<(uint Network, int PrefixLength)> vendor = managerAtVendorSubnets ? spec.VendorSubnets(region) : [];
        ManagerDestinations = vendor.Count > 0 ? AddressSpace.Networks(vendor) : null;
    }

    /// <summary>
    /// The manager's addresses as a destination when the deployment puts it at the vendor's subnets
    /// (see the constructor); null when it does not (or the region is unknown, or the pages tie none).
    /// </summary>
    public IntervalSet? ManagerDestinations { get; }

    public SpecFacts Spec { get; }

    public uint Enabled { get; }

    public int Region { get; }

    public IReadOnlyList<PortChange> PortChanges { get; }

    public IReadOnlyList<Exclusion> Exclusions { get; }

    /// <summary>The required flows, in table order (excluded and out-of-scope ones included, marked).</summary>
    public IReadOnlyList<RequiredFlow> Flows { get; }

    /// <summary>The region's subnets (the manager's source addresses); empty when the region is unknown.</summary>
    public IntervalSet RegionSubnets { get; }

    /// <summary>The port a flow uses: the last change that applies, else its default.</summary>
    public static int ResolvePort(in FlowFact flow, IReadOnlyList<PortChange> changes) => PortChange.Resolve(changes, flow.Source, flow.Destination, flow.Port);

    /// <summary>True when the component's addresses were given.</summary>
    public bool HasAddresses(int component) => _addresses[component] is not null;

    /// <summary>True when the component's addresses could not be read (its flows cannot be checked).</summary>
    public bool IsUnreadable(int component) => _unreadable[component];

    /// <summary>
    /// Where a component's addresses in this deployment come from, the one rule: the ones given;
    /// else, for the manager as the source of a connection, its region's subnets when the region
    /// is known; as a destination, its vendor subnets when the deployment says so; else anywhere.
    /// </summary>
    public AddressOrigin OriginOf(int component, bool asSource)
    {
        if (_addresses[component] is not null)
        {
            return AddressOrigin.Given;
        }

        if (asSource && component == Spec.Manager && Region >= 0)
        {
            return AddressOrigin.RegionSubnets;
        }

        return !asSource && component == Spec.Manager && ManagerDestinations is not null ? AddressOrigin.VendorSubnets : AddressOrigin.Anywhere;
    }

    /// <summary>
    /// The addresses a component may have in this deployment, as <see cref="OriginOf"/> says:
    /// the given ones, the region's subnets, the vendor's subnets, or anywhere (the component's
    /// symbol, see <see cref="AddressSpace"/>).
    /// </summary>
    public IntervalSet AddressesOf(int component, bool asSource) => OriginOf(component, asSource) switch
    {
        AddressOrigin.Given => _addresses[component]!,
        AddressOrigin.RegionSubnets => RegionSubnets,
        AddressOrigin.VendorSubnets => ManagerDestinations!,
        _ => AddressSpace.Unknown(component),
    };

    /// <summary>
    /// What a rule's source or destination covers in this deployment, the one meaning for deployment
    /// files and the library's rules: <c>any</c> every address; a component its addresses
    /// (<see cref="AddressesOf(int, bool)"/>); a network itself; a domain name, as a destination, the
    /// components reached by name when it is one of the vendor's names for the region (else nothing:
    /// a name is not a wildcard), and as a source nothing.
    /// </summary>
    public IntervalSet AddressesOf(Endpoint endpoint, bool asSource) => endpoint.Kind switch
    {
        EndpointKind.Any => AddressSpace.Any,
        EndpointKind.Component => AddressesOf(endpoint.Component, asSource),
        EndpointKind.Network => AddressSpace.Network(endpoint.Network, endpoint.PrefixLength),
        _ => !asSource && endpoint.Name is { } name && Spec.IsVendorName(name, Region) ? DomainNameDestinations() : IntervalSet.Empty,
    };

    /// <summary>What a name-based destination (a domain name) holds: every component reached by name.</summary>
    public IntervalSet DomainNameDestinations()
    {
        IntervalSet set = IntervalSet.Empty;
        for (int c = 0; c < Spec.DynamicAddresses.Count; c++)
        {
            if (Spec.DynamicAddresses[c])
            {
                set = set.Union(AddressesOf(c, asSource: false));
            }
        }

        return set;
    }

    /// <summary>The packets a required flow needs: its source's addresses × its destination's × its port × its IP protocol.</summary>
    public PacketBox Needed(RequiredFlow flow) => new(
        AddressesOf(flow.Fact.Source, asSource: true),
        AddressesOf(flow.Fact.Destination, asSource: false),
        IntervalSet.Single((ulong)flow.Port),
        IntervalSet.Single(flow.Fact.IPProtocol));

    /// <summary>E.g. <c>agent -&gt; server-workload-protection 443/tcp (https)</c>.</summary>
    public string Describe(RequiredFlow flow) =>
        Spec.Describe(flow.Fact.Source, flow.Fact.Destination, flow.Port, flow.Fact.IPProtocol) + " (" + Spec.ApplicationProtocolIds[flow.Fact.ApplicationProtocol] + ")";
}

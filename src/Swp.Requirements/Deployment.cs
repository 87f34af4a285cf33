using System;
using System.Collections.Generic;
using Swp.Requirements.Coverage;
using Swp.Requirements.Deployments;

namespace Swp.Requirements;

/// <summary>
/// One deployment's choices: the enabled <see cref="Conditions"/>, its <see cref="Region"/>,
/// changed default ports and where its components are (their addresses). <see cref="Flows"/>
/// enumerates exactly the flows it needs, with the changed ports substituted, without
/// allocating. An immutable value: the <c>With…</c> methods return a new deployment.
/// <c>default</c> is the baseline: no condition, no region, default ports, no addresses.
/// </summary>
public readonly struct Deployment : IEquatable<Deployment>
{
    private readonly PortChanges? _ports;
    private readonly IPv4Network[]?[]? _addresses;
    private readonly Region _region;
    private readonly bool _hasRegion;

    /// <summary>Creates a deployment.</summary>
    /// <param name="conditions">The enabled conditions; unknown bits are ignored.</param>
    /// <param name="region">The region of the account, or null when unknown.</param>
    public Deployment(Conditions conditions, Region? region = null)
        : this(conditions & Conditions.All, region ?? default, region.HasValue, null, null)
    {
    }

    private Deployment(Conditions conditions, Region region, bool hasRegion, PortChanges? ports, IPv4Network[]?[]? addresses)
    {
        Conditions = conditions;
        _region = region;
        _hasRegion = hasRegion;
        _ports = ports;
        _addresses = addresses;
    }

    /// <summary>The baseline: no condition enabled, no region, default ports.</summary>
    public static Deployment Baseline => default;

    /// <summary>The enabled conditions.</summary>
    public Conditions Conditions { get; }

    /// <summary>The account's region, or null when unknown.</summary>
    public Region? Region => _hasRegion ? _region : null;

    /// <summary>The manager's source subnets for the connections it starts; empty when the region is unknown.</summary>
    public ReadOnlySpan<IPv4Network> ManagerSubnets => _hasRegion ? Regions.Subnets(_region) : default;

    /// <summary>The changed default ports, in the order they were added.</summary>
    public ReadOnlySpan<PortOverride> PortOverrides => _ports?.Overrides;

    /// <summary>The flows this deployment needs, with changed ports substituted. Enumerating allocates nothing.</summary>
    public DeploymentFlows Flows => new(this);

    /// <summary>This deployment with <paramref name="conditions"/> enabled as well.</summary>
    public Deployment WithConditions(Conditions conditions) =>
        new(Conditions | (conditions & Conditions.All), _region, _hasRegion, _ports, _addresses);

    /// <summary>This deployment in another region.</summary>
    public Deployment WithRegion(Region region) => new(Conditions, region, true, _ports, _addresses);

    /// <summary>
    /// This deployment with flows to <paramref name="destination"/> on <paramref name="defaultPort"/>
    /// using <paramref name="port"/> instead, from every source; replaces an earlier override of the same flows.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A port is outside 1–65535.</exception>
    public Deployment WithPort(Component destination, int defaultPort, int port) =>
        WithPortOverride(new PortOverride(destination, defaultPort, port));

    /// <summary>
    /// This deployment with a changed default port (see <see cref="PortOverride"/>); replaces an
    /// earlier override of the same flows. Later overrides win where two apply to one flow.
    /// </summary>
    public Deployment WithPortOverride(PortOverride portOverride)
    {
        PortOverride[] current = _ports?.Overrides ?? [];
        int existing = Array.FindIndex(current, o => o.Targets(portOverride));
        PortOverride[] next;
        if (existing >= 0)
        {
            next = (PortOverride[])current.Clone();
            next[existing] = portOverride;
        }
        else
        {
            next = new PortOverride[current.Length + 1];
            current.CopyTo(next, 0);
            next[current.Length] = portOverride;
        }

        return new Deployment(Conditions, _region, _hasRegion, new PortChanges(next), _addresses);
    }

    /// <summary>
    /// This deployment with a named default port set (e.g. <see cref="NamedPort"/> <c>Proxy</c>: the
    /// web proxy's port). What the name means is the spec's: the named component's port changes,
    /// and the component's condition is enabled (using a proxy's port means having the proxy).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1–65535, or <paramref name="name"/> is not declared.</exception>
    public Deployment WithNamedPort(NamedPort name, int port)
    {
        if ((uint)name >= (uint)FlowTable.NamedPortDefaults.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(name), name, "Not a declared named port.");
        }

        PortChange change = TableFacts.Facts.NamedPortChange((int)name, PortOverride.CheckPort(port, nameof(port)), out uint conditions);
        return WithConditions((Conditions)conditions).WithPortOverride(new PortOverride((Component)change.Destination, change.DefaultPort, change.Port));
    }

    /// <summary>
    /// This deployment with <paramref name="component"/> at <paramref name="networks"/> (replacing
    /// any addresses given before). Rules and rendered configurations use them; a component with
    /// none may be anywhere.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="networks"/> is null.</exception>
    /// <exception cref="ArgumentException">A network is <c>default(IPv4Network)</c> (no network).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="component"/> is not declared.</exception>
    public Deployment WithAddresses(Component component, params IPv4Network[] networks)
    {
        if (networks is null)
        {
            throw new ArgumentNullException(nameof(networks));
        }

        int count = SwpIds.ComponentIds.Length;
        if ((uint)component >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(component), component, "Not a declared component.");
        }

        foreach (IPv4Network n in networks)
        {
            if (!n.IsValid)
            {
                throw new ArgumentException("default(IPv4Network) is no network.", nameof(networks));
            }
        }

        var next = new IPv4Network[]?[count];
        _addresses?.CopyTo(next, 0);
        next[(int)component] = networks.Length == 0 ? null : (IPv4Network[])networks.Clone();
        return new Deployment(Conditions, _region, _hasRegion, _ports, next);
    }

    /// <summary>The networks given for a component; empty when none were (it may be anywhere). Allocates nothing.</summary>
    public ReadOnlySpan<IPv4Network> AddressesOf(Component component) =>
        _addresses is not null && (uint)component < (uint)_addresses.Length ? _addresses[(int)component] : default;

    /// <summary>True when this deployment needs <paramref name="flow"/> (see <see cref="Flows"/>).</summary>
    public bool Requires(in Flow flow) => SpecFacts.IsRequired((uint)flow.Conditions, (uint)flow.ReplacedBy, (uint)Conditions);

    /// <summary>The port <paramref name="flow"/> uses in this deployment: the last override that applies, else its default.</summary>
    public int PortOf(in Flow flow) => _ports is null ? flow.DefaultPort : PortChange.Resolve(_ports.Changes, (int)flow.Source, (int)flow.Destination, flow.DefaultPort);

    /// <summary>
    /// The flow table in <see cref="FlowTable.BySource"/> order with this deployment's ports: the
    /// compiled table itself when no port changed. <see cref="DeploymentFlows"/> reads it by index.
    /// </summary>
    internal Flow[] FlowTableWithPorts => _ports is null ? FlowTable.BySource : _ports.Flows;

    /// <summary>
    /// The shared model of this deployment, for coverage, rendering and audit: the firewall's
    /// <paramref name="scope"/> (null: every component), its <paramref name="exclusions"/>, and
    /// whether the manager is at the vendor's subnets (<see cref="DeploymentSelection.ManagerAtVendorSubnets"/>).
    /// </summary>
    internal ResolvedDeployment Resolve(bool[]? scope = null, IReadOnlyList<Exclusion>? exclusions = null, bool managerAtVendorSubnets = false)
    {
        SpecFacts facts = TableFacts.Facts;
        IReadOnlyList<PortChange> changes = _ports?.Changes ?? [];

        var addresses = new IntervalSet?[facts.ComponentIds.Count];
        for (int c = 0; c < addresses.Length; c++)
        {
            ReadOnlySpan<IPv4Network> given = AddressesOf((Component)c);
            if (!given.IsEmpty)
            {
                var networks = new List<(uint, int)>();
                foreach (IPv4Network n in given)
                {
                    networks.Add((n.FirstAddress, n.PrefixLength));
                }

                addresses[c] = AddressSpace.Networks(networks);
            }
        }

        return new ResolvedDeployment(facts, (uint)Conditions, _hasRegion ? (int)_region : -1, changes, addresses, null, scope, exclusions ?? [], managerAtVendorSubnets);
    }

    /// <inheritdoc/>
    public bool Equals(Deployment other)
    {
        if (Conditions != other.Conditions || Region != other.Region || !PortOverrides.SequenceEqual(other.PortOverrides))
        {
            return false;
        }

        for (int c = 0; c < SwpIds.ComponentIds.Length; c++)
        {
            if (!AddressesOf((Component)c).SequenceEqual(other.AddressesOf((Component)c)))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Deployment other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((int)Conditions * 31) ^ (_hasRegion ? (int)_region + 1 : 0);

    /// <summary>E.g. <c>conditions=relays+siem region=germany ports=server-workload-protection:443=1443</c>.</summary>
    public override string ToString()
    {
        string region = _hasRegion ? _region.ToId() : "(none)";
        string ports = _ports is null ? "(default)" : string.Join(",", Array.ConvertAll(_ports.Overrides, o => o.ToString()));
        return $"conditions={SwpIds.FormatConditions(Conditions)} region={region} ports={ports}";
    }

    /// <summary>Compares conditions, region, overrides and addresses.</summary>
    public static bool operator ==(Deployment left, Deployment right) => left.Equals(right);

    /// <summary>Compares conditions, region, overrides and addresses.</summary>
    public static bool operator !=(Deployment left, Deployment right) => !left.Equals(right);

    /// <summary>
    /// A deployment's changed ports: the overrides in the order they were added, and the flow
    /// table with them applied (built once here, so enumerating a deployment's flows reads one
    /// array by index whether or not a port changed).
    /// </summary>
    private sealed class PortChanges
    {
        public PortChanges(PortOverride[] overrides)
        {
            Overrides = overrides;
            Changes = Array.ConvertAll(overrides, o => new PortChange(o.Source is { } s ? (int)s : -1, (int)o.Destination, o.DefaultPort, o.Port));
            Flow[] table = FlowTable.BySource;
            Flows = new Flow[table.Length];
            for (int i = 0; i < table.Length; i++)
            {
                Flows[i] = table[i].WithPort(PortChange.Resolve(Changes, (int)table[i].Source, (int)table[i].Destination, table[i].DefaultPort));
            }
        }

        public PortOverride[] Overrides { get; }

        /// <summary>The overrides as the shared model's changes, in the same order.</summary>
        public PortChange[] Changes { get; }

        public Flow[] Flows { get; }
    }
}

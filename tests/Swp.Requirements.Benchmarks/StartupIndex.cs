using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// Implementation 2: the best hand-written alternative. The same parsed, expanded list as the
/// runtime-JSON baseline (<see cref="RuntimeJsonSpec"/>), indexed once at start-up: frozen
/// dictionaries keyed by ID and by flow key, condition sets turned into bit masks, subnets in an
/// array. Queries are then a dictionary lookup plus a loop, with no LINQ on the hot path.
/// </summary>
public sealed class StartupIndex
{
    private readonly FrozenDictionary<string, JsonFlow[]> _bySource;
    private readonly FrozenDictionary<string, JsonFlow[]> _byDestination;
    private readonly FrozenDictionary<(string Source, string Destination, int Port, string IPProtocol), JsonFlow> _byKey;
    private readonly FrozenDictionary<string, ComponentDto> _components;
    private readonly FrozenDictionary<string, uint> _conditionBits;
    private readonly JsonFlow[] _flows;
    private readonly uint[] _flowMasks;
    private readonly uint[] _unlessMasks;
    private readonly IPNetwork[] _subnets;
    private readonly string[] _subnetRegionIds;

    /// <summary>Builds every index from the parsed spec.</summary>
    public StartupIndex(RuntimeJsonSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _bySource = spec.Flows.GroupBy(f => f.Source).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _byDestination = spec.Flows.GroupBy(f => f.Destination).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _byKey = spec.Flows.ToFrozenDictionary(f => (f.Source, f.Destination, f.Port, f.IPProtocol));
        _components = spec.Components.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        _conditionBits = spec.Conditions.Select((id, bit) => (id, bit)).ToFrozenDictionary(x => x.id, x => 1u << x.bit, StringComparer.Ordinal);
        _flows = [.. spec.Flows];
        _flowMasks = [.. spec.Flows.Select(f => Mask(f.Conditions))];
        _unlessMasks = [.. spec.Flows.Select(f => Mask(f.Unless))];
        _subnets = [.. spec.Regions.SelectMany(r => r.Subnets)];
        _subnetRegionIds = [.. spec.Regions.SelectMany(r => r.Subnets.Select(_ => r.Id))];
    }

    /// <summary>A set of condition IDs as a bit mask (done once per deployment, not per query).</summary>
    public uint Mask(IEnumerable<string> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        uint mask = 0;
        foreach (string condition in conditions)
        {
            mask |= _conditionBits[condition];
        }

        return mask;
    }

    /// <summary>Flows from a source: count and port sum.</summary>
    public (int Count, int PortSum) From(string source) =>
        _bySource.TryGetValue(source, out JsonFlow[]? flows) ? Sum(flows) : default;

    /// <summary>Flows to a destination: count and port sum.</summary>
    public (int Count, int PortSum) To(string destination) =>
        _byDestination.TryGetValue(destination, out JsonFlow[]? flows) ? Sum(flows) : default;

    /// <summary>One flow by its key, or null.</summary>
    public JsonFlow? Find(string source, string destination, int port, string ipProtocol) =>
        _byKey.TryGetValue((source, destination, port, ipProtocol), out JsonFlow? flow) ? flow : null;

    /// <summary>The flows a deployment needs (its conditions as a <see cref="Mask"/>): count and port sum.</summary>
    public (int Count, int PortSum) Deployment(uint enabled)
    {
        int count = 0, sum = 0;
        JsonFlow[] flows = _flows;
        uint[] masks = _flowMasks;
        uint[] unless = _unlessMasks;
        for (int i = 0; i < flows.Length; i++)
        {
            if ((masks[i] & ~enabled) == 0 && (unless[i] & enabled) == 0)
            {
                count++;
                sum += flows[i].Port;
            }
        }

        return (count, sum);
    }

    /// <summary>The component with an ID, or null when the ID is unknown.</summary>
    public ComponentDto? ParseComponent(string id) =>
        _components.TryGetValue(id, out ComponentDto? component) ? component : null;

    /// <summary>The region whose subnet holds an address given as text: IPAddress.Parse + IPNetwork.Contains over every region's subnets (one flat array).</summary>
    public string? RegionOf(string address)
    {
        IPAddress ip = IPAddress.Parse(address);
        IPNetwork[] subnets = _subnets;
        for (int i = 0; i < subnets.Length; i++)
        {
            if (subnets[i].Contains(ip))
            {
                return _subnetRegionIds[i];
            }
        }

        return null;
    }

    private static (int Count, int PortSum) Sum(JsonFlow[] flows)
    {
        int sum = 0;
        foreach (JsonFlow flow in flows)
        {
            sum += flow.Port;
        }

        return (flows.Length, sum);
    }
}

using System.Linq;
using System.Runtime.CompilerServices;
using Swp.Requirements.Deployments;
using Swp.Requirements.Specs;

namespace Swp.Requirements.Deployments;

/// <summary>The shared deployment model's view of a compiled spec, made once per spec.</summary>
internal static class SpecFactsCache
{
    private static readonly ConditionalWeakTable<RequirementSpec, SpecFacts> s_cache = new();

    public static SpecFacts For(RequirementSpec spec) => s_cache.GetValue(spec, Create);

    private static SpecFacts Create(RequirementSpec spec) => new(
        spec.Components.Select(c => c.Id).ToArray(),
        spec.Components.Select(c => c.Condition < 0 ? 0u : 1u << c.Condition).ToArray(),
        spec.Components.Select(c => c.DynamicAddresses).ToArray(),
        spec.Conditions.Select(c => c.Id).ToArray(),
        spec.Regions.Select(r => r.Id).ToArray(),
        spec.Regions.Select(r => (System.Collections.Generic.IReadOnlyList<(uint, int)>)r.Subnets.Select(n => (n.Network, n.PrefixLength)).ToArray()).ToArray(),
        spec.ApplicationProtocols.Select(p => p.Id).ToArray(),
        spec.Flows.Select(f => new FlowFact(f.Source, f.Destination, f.Port, (byte)f.IPProtocol, f.ApplicationProtocol, f.ConditionMask, f.UnlessMask, f.HostLocal)).ToArray(),
        spec.NamedPorts.Select(n => new NamedPortFact(n.Id, n.Destination, n.DefaultPort)).ToArray(),
        spec.Domains.Select(d => new DomainFact(d.Name.ToLowerInvariant(), d.Regions.ToArray(), d.Cidrs.Select(c => (c.Network, c.PrefixLength)).ToArray())).ToArray());
}

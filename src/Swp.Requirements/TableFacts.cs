using System;
using System.Collections.Generic;

using Swp.Requirements.Deployments;

namespace Swp.Requirements;

/// <summary>The shared deployment model's view of this assembly's compiled tables, made once.</summary>
internal static class TableFacts
{
    private static readonly Lazy<SpecFacts> s_facts = new(Create);

    public static SpecFacts Facts => s_facts.Value;

    private static SpecFacts Create()
    {
        Flow[] table = FlowTable.BySource;
        var flows = new FlowFact[table.Length];
        for (int i = 0; i < table.Length; i++)
        {
            Flow f = table[i];
            flows[i] = new FlowFact((int)f.Source, (int)f.Destination, f.Port, (byte)f.IPProtocol, (int)f.ApplicationProtocol, (uint)f.Conditions, FlowTable.UnlessMasks[i], f.IsHostLocal);
        }

        int regions = FlowTable.RegionSubnetStarts.Length - 1;
        var subnets = new IReadOnlyList<(uint, int)>[regions];
        for (int r = 0; r < regions; r++)
        {
            var list = new List<(uint, int)>();
            foreach (IPv4Network n in Regions.Subnets((Region)r))
            {
                list.Add((n.FirstAddress, n.PrefixLength));
            }

            subnets[r] = list;
        }

        var named = new NamedPortFact[FlowTable.NamedPortDefaults.Length];
        for (int n = 0; n < named.Length; n++)
        {
            named[n] = new NamedPortFact(((NamedPort)n).ToId(), (int)FlowTable.NamedPortDestinations[n], FlowTable.NamedPortDefaults[n]);
        }

        var domains = new List<DomainFact>();
        foreach (DomainName d in Domains.All)
        {
            var regionIndexes = new List<int>();
            foreach (Region r in d.Regions)
            {
                regionIndexes.Add((int)r);
            }

            var cidrs = new List<(uint, int)>();
            foreach (IPv4Network n in d.Cidrs)
            {
                cidrs.Add((n.FirstAddress, n.PrefixLength));
            }

            domains.Add(new DomainFact(d.Name.ToLowerInvariant(), regionIndexes, cidrs));
        }

        return new SpecFacts(
            SwpIds.ComponentIds.ToArray(),
            FlowTable.ComponentConditions,
            FlowTable.DynamicAddresses,
            SwpIds.ConditionIds.ToArray(),
            SwpIds.RegionIds.ToArray(),
            subnets,
            SwpIds.ApplicationProtocolIds.ToArray(),
            flows,
            named,
            domains);
    }
}

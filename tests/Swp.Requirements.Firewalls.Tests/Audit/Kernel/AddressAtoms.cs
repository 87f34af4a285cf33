using System;
using System.Collections.Generic;
using System.Linq;

namespace Swp.Requirements.Firewalls.Tests.Audit.Kernel;

/// <summary>
/// The pieces ("atoms") a ruleset's address matches cut an address set into: within one piece
/// every rule matches every address or none, so one address per piece stands for all of it.
/// </summary>
internal static class AddressAtoms
{
    /// <summary>
    /// Every address a connection could go to (or come from) when a component's addresses are not
    /// given: all of IPv4 but 0.0.0.0/8 (this network), 127.0.0.0/8 (loopback) and 224.0.0.0/3
    /// (multicast and reserved).
    /// </summary>
    public static readonly IReadOnlyList<(uint First, uint Last)> Connectable = [(0x01000000u, 0x7EFFFFFFu), (0x80000000u, 0xDFFFFFFFu)];

    /// <summary>One address (random, from <paramref name="random"/>) in each piece of <paramref name="set"/> cut at every boundary of <paramref name="matches"/>.</summary>
    public static List<uint> Representatives(IReadOnlyList<(uint First, uint Last)> set, IEnumerable<AddressMatch> matches, Random random)
    {
        var cuts = new SortedSet<ulong> { 0 };
        void Cut(uint first, uint last)
        {
            cuts.Add(first);
            cuts.Add((ulong)last + 1);
        }
        foreach ((uint first, uint last) in set)
        {
            Cut(first, last);
        }
        foreach (AddressPart part in matches.SelectMany(m => m.Parts))
        {
            Cut(part.First, part.Last);
        }
        cuts.Add(1UL << 32);

        var representatives = new List<uint>();
        ulong[] bounds = [.. cuts];
        for (int i = 0; i + 1 < bounds.Length; i++)
        {
            uint first = (uint)bounds[i], last = (uint)(bounds[i + 1] - 1);
            if (set.Any(s => s.First <= first && first <= s.Last))
            {
                representatives.Add(first + (uint)random.NextInt64((long)last - first + 1));
            }
        }
        return representatives;
    }

    public static IReadOnlyList<(uint First, uint Last)> Of(IEnumerable<Swp.Requirements.IPv4Network> networks) =>
        [.. networks.Select(n => (n.FirstAddress, n.LastAddress))];
}

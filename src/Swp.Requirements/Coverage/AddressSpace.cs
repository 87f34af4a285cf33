using System.Collections.Generic;
using System.Globalization;
using Swp.Requirements.Net;

namespace Swp.Requirements.Coverage;

/// <summary>
/// The values of the coverage engine's address dimension. 0 to 2^32 − 1 are the IPv4
/// addresses. Above them, one symbolic value per component stands for "this component's
/// addresses were not given": such a component may be anywhere. Where rules can name
/// components (deployment files, rule sets), only a rule that names it, <c>any</c>, or
/// <c>0.0.0.0/0</c> holds the symbol. Where rules name addresses only (a real firewall's
/// export), the symbol means what it stands for, <see cref="Anywhere"/> (see
/// <see cref="Concrete"/>), so that a drop of part of the address space drops part of the flow.
/// What is left of a component is reported by name, never as a made-up address.
/// </summary>
internal static class AddressSpace
{
    /// <summary>The first symbolic value: 2^32.</summary>
    public const ulong FirstSymbol = 1UL << 32;

    /// <summary>The last symbolic value (room for 65,536 components).</summary>
    public const ulong LastSymbol = FirstSymbol + 0xFFFF;

    /// <summary>Every address, real or symbolic: what <c>any</c> and <c>0.0.0.0/0</c> hold.</summary>
    public static IntervalSet Any { get; } = IntervalSet.Of(0, LastSymbol);

    /// <summary>Every IPv4 address, 0.0.0.0 to 255.255.255.255 (no symbol).</summary>
    public static IntervalSet AllIpv4 { get; } = IntervalSet.Of(0, FirstSymbol - 1);

    /// <summary>
    /// Every address a connection can go to or come from: all of IPv4 but <c>0.0.0.0/8</c>
    /// ("this network"), <c>127.0.0.0/8</c> (loopback, never on the wire) and
    /// <c>224.0.0.0/3</c> (multicast and the reserved class E, which no connection uses).
    /// A component whose addresses were not given may be at any of them.
    /// </summary>
    public static IntervalSet Anywhere { get; } = IntervalSet.FromIntervals([(0x01000000UL, 0x7EFFFFFFUL), (0x80000000UL, 0xDFFFFFFFUL)]);

    /// <summary>
    /// The public address space: <see cref="Anywhere"/> but the ranges IANA reserves for private
    /// and special use (RFC 6890: 10.0.0.0/8, 100.64.0.0/10, 169.254.0.0/16, 172.16.0.0/12,
    /// 192.0.0.0/24, 192.0.2.0/24, 192.168.0.0/16, 198.18.0.0/15, 198.51.100.0/24, 203.0.113.0/24),
    /// which the public internet does not route. What Azure's <c>Internet</c> service tag holds
    /// outside the virtual network.
    /// </summary>
    public static IntervalSet Public { get; } = Anywhere.Subtract(IntervalSet.FromIntervals([
        (0x0A000000UL, 0x0AFFFFFFUL), (0x64400000UL, 0x647FFFFFUL), (0xA9FE0000UL, 0xA9FEFFFFUL), (0xAC100000UL, 0xAC1FFFFFUL),
        (0xC0000000UL, 0xC00000FFUL), (0xC0000200UL, 0xC00002FFUL), (0xC0A80000UL, 0xC0A8FFFFUL), (0xC6120000UL, 0xC613FFFFUL),
        (0xC6336400UL, 0xC63364FFUL), (0xCB007100UL, 0xCB0071FFUL),
    ]));

    /// <summary>
    /// The set as rules that name addresses only see it: each component symbol (addresses not
    /// given) replaced by <see cref="Anywhere"/>. A firewall export names no component, so this is
    /// what a flow to or from such a component needs there: every packet to every address it may have.
    /// </summary>
    public static IntervalSet Concrete(IntervalSet set) =>
        set.Max < FirstSymbol ? set : set.Intersect(AllIpv4).Union(Anywhere);

    /// <summary>The symbol of component <paramref name="component"/> (its addresses not given: anywhere).</summary>
    public static IntervalSet Unknown(int component) => IntervalSet.Single(FirstSymbol + (uint)component);

    /// <summary>The addresses of an IPv4 network; a /0 holds every symbol too (it holds anywhere).</summary>
    public static IntervalSet Network(uint network, int prefixLength) => prefixLength == 0
        ? Any
        : IntervalSet.Of(network, network | ~Ipv4Text.MaskOf(prefixLength));

    /// <summary>The union of IPv4 networks.</summary>
    public static IntervalSet Networks(IEnumerable<(uint Network, int PrefixLength)> networks)
    {
        var intervals = new List<(ulong, ulong)>();
        foreach ((uint network, int prefix) in networks)
        {
            if (prefix == 0)
            {
                return Any;
            }

            intervals.Add((network, network | ~Ipv4Text.MaskOf(prefix)));
        }

        return IntervalSet.FromIntervals(intervals);
    }

    /// <summary>
    /// The set as text: IPv4 parts as the fewest CIDRs (<c>10.2.0.0/16</c>), symbols by the
    /// component's ID and "(no addresses given)", or "(its dynamic addresses)" for a component
    /// reached by name; e.g. <c>10.2.0.0/16, relay (no addresses given)</c>.
    /// </summary>
    /// <param name="set">The set.</param>
    /// <param name="componentIds">Component IDs, by index.</param>
    /// <param name="dynamicAddresses">Per component: reached by name (its dynamic addresses).</param>
    /// <param name="anywhereOf">
    /// The component whose symbol <see cref="Concrete"/> replaced in this set, or -1: then
    /// <see cref="Anywhere"/> (or more) reads as that component ("dns-server (no addresses given)"), and a
    /// large part of it as "any address but ...".
    /// </param>
    public static string Describe(IntervalSet set, IReadOnlyList<string> componentIds, IReadOnlyList<bool>? dynamicAddresses = null, int anywhereOf = -1)
    {
        if (set.Equals(Any))
        {
            return "any address";
        }

        if (anywhereOf >= 0 && set.Max < FirstSymbol)
        {
            if (Anywhere.IsSubsetOf(set))
            {
                return Describe(set.Subtract(Anywhere).Union(Unknown(anywhereOf)), componentIds, dynamicAddresses);
            }

            // Most of anywhere: name what is missing, not the dozens of CIDRs that are there.
            IntervalSet missing = Anywhere.Subtract(set);
            if (CidrCount(missing) < CidrCount(set.Intersect(Anywhere)))
            {
                string but = "any address but " + string.Join(", ", CidrsOf(missing));
                IntervalSet outside = set.Subtract(Anywhere);
                return outside.IsEmpty ? but : string.Join(", ", CidrsOf(outside)) + ", " + but;
            }
        }

        var parts = new List<string>();
        for (int i = 0; i < set.Count; i++)
        {
            ulong first = set.First(i);
            ulong last = set.Last(i);
            if (first < FirstSymbol)
            {
                ulong ipLast = last < FirstSymbol ? last : FirstSymbol - 1;
                parts.AddRange(Cidrs((uint)first, (uint)ipLast));
                first = ipLast + 1;
            }

            for (ulong s = first; s <= last && s >= FirstSymbol; s++)
            {
                int component = (int)(s - FirstSymbol);
                string id = component < componentIds.Count ? componentIds[component] : "component " + component.ToString(CultureInfo.InvariantCulture);
                bool dynamic = dynamicAddresses is not null && component < dynamicAddresses.Count && dynamicAddresses[component];
                parts.Add(id + (dynamic ? " (its dynamic addresses)" : " (no addresses given)"));
                if (s == ulong.MaxValue)
                {
                    break;
                }
            }
        }

        return string.Join(", ", parts);
    }

    /// <summary>The fewest CIDRs that cover exactly the IPv4 part of a set.</summary>
    public static List<string> CidrsOf(IntervalSet set)
    {
        var result = new List<string>();
        for (int i = 0; i < set.Count && set.First(i) < FirstSymbol; i++)
        {
            result.AddRange(Cidrs((uint)set.First(i), (uint)System.Math.Min(set.Last(i), FirstSymbol - 1)));
        }

        return result;
    }

    private static int CidrCount(IntervalSet set) => CidrsOf(set).Count;

    /// <summary>The fewest CIDRs that cover exactly [first, last].</summary>
    public static List<string> Cidrs(uint first, uint last)
    {
        var result = new List<string>();
        ulong start = first;
        while (start <= last)
        {
            int prefix = 32;
            while (prefix > 0)
            {
                int size = 32 - (prefix - 1);
                ulong block = 1UL << size;
                if ((start & (block - 1)) != 0 || start + block - 1 > last)
                {
                    break;
                }

                prefix--;
            }

            result.Add(Ipv4Text.Format((uint)start) + "/" + prefix.ToString(CultureInfo.InvariantCulture));
            start += 1UL << (32 - prefix);
        }

        return result;
    }
}

using System;
using System.Net;

namespace Swp.Requirements;

/// <summary>
/// The Server &amp; Workload Protection regions and the manager's source subnets in each: the
/// addresses the connections it starts (to agents on 4118, to syslog servers) come from.
/// Compiled from the vendor's table; nothing here allocates.
/// </summary>
public static class Regions
{
    private static readonly Region[] s_all = CreateAll();

    /// <summary>Every region, in the table's order.</summary>
    public static ReadOnlySpan<Region> All => s_all;

    /// <summary>The manager's source subnets in a region, in the vendor's order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> is not a declared region.</exception>
    public static ReadOnlySpan<IPv4Network> Subnets(Region region)
    {
        int[] starts = FlowTable.RegionSubnetStarts;
        if ((uint)region >= (uint)(starts.Length - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(region), region, "Not a declared region.");
        }

        int start = starts[(int)region];
        return new ReadOnlySpan<IPv4Network>(FlowTable.RegionSubnets, start, starts[(int)region + 1] - start);
    }

    /// <summary>Finds the region one of whose subnets holds an IPv4 address (most significant octet first).</summary>
    /// <returns>False when no region's subnet holds it.</returns>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool TryFind(uint address, out Region region)
    {
        // The subnets sorted by address at build time (they never overlap): the last one that
        // starts at or before the address is the only one that can hold it.
        uint[] first = FlowTable.SortedSubnetFirst;
        int lo = 0;
        int hi = first.Length - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (first[mid] <= address)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        // hi: the last subnet starting at or before the address, or -1.
        if (hi >= 0 && address <= FlowTable.SortedSubnetLast[hi])
        {
            region = FlowTable.SortedSubnetRegion[hi];
            return true;
        }

        region = default;
        return false;
    }

    /// <summary>Finds the region whose subnet holds an address given as strict dotted-quad text (see <see cref="IPv4Network.TryParseAddress(ReadOnlySpan{char}, out uint)"/>).</summary>
    /// <returns>False when the text is not a strict IPv4 address or no region's subnet holds it.</returns>
    public static bool TryFind(ReadOnlySpan<char> address, out Region region)
    {
        if (IPv4Network.TryParseAddress(address, out uint value))
        {
            return TryFind(value, out region);
        }

        region = default;
        return false;
    }

    /// <summary>Finds the region whose subnet holds an address given as strict dotted-quad text (see <see cref="IPv4Network.TryParseAddress(string?, out uint)"/>).</summary>
    /// <returns>False when the text is null, not a strict IPv4 address, or in no region's subnet.</returns>
    public static bool TryFind(string? address, out Region region) => TryFind(address.AsSpan(), out region);

    /// <summary>Finds the region whose subnet holds an IPv4 (or IPv4-mapped IPv6) address.</summary>
    /// <returns>False for other IPv6 addresses and when no region's subnet holds it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public static bool TryFind(IPAddress address, out Region region)
    {
        if (IPv4Network.TryGetIPv4(address, out uint value))
        {
            return TryFind(value, out region);
        }

        region = default;
        return false;
    }

    private static Region[] CreateAll()
    {
        var all = new Region[FlowTable.RegionSubnetStarts.Length - 1];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (Region)i;
        }

        return all;
    }
}

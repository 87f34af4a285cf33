using System;
using System.Collections.Generic;
using Swp.Requirements.Coverage;
using Swp.Requirements.Net;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>How an address text was read.</summary>
internal enum AddressRead
{
    /// <summary>An IPv4 address or network.</summary>
    Ok,

    /// <summary>An IPv4 network with a mask such as 255.0.255.0 that is not one interval (iptables allows it).</summary>
    NonContiguousMask,

    /// <summary>An IPv6 address or network (it has a ':').</summary>
    Ipv6,

    /// <summary>Not an address.</summary>
    Invalid,
}

/// <summary>
/// IPv4 address texts of firewall exports as address sets of the coverage engine
/// (<see cref="AddressSpace"/>). Every octet is read strictly (<see cref="Ipv4Text"/>: no
/// leading zeros, no short forms); host bits under the prefix are cleared, as iptables and
/// nftables do when they load such a rule. A set that holds every IPv4 address is
/// <see cref="AddressSpace.Any"/>, as a /0 is: a rule that matches every address matches a
/// component wherever it is.
/// </summary>
internal static class Ipv4Values
{
    /// <summary>The last IPv4 address as a coverage value.</summary>
    public const ulong LastAddress = 0xFFFFFFFFUL;

    private static readonly IntervalSet AllIpv4 = IntervalSet.Of(0, LastAddress);

    /// <summary>Reads <c>a.b.c.d</c>, <c>a.b.c.d/n</c> or <c>a.b.c.d/m.m.m.m</c> into its first and last address.</summary>
    public static AddressRead TryParseNetwork(string text, out uint first, out uint last)
    {
        first = 0;
        last = 0;
        if (IsIpv6(text))
        {
            return AddressRead.Ipv6;
        }

        int slash = text.IndexOf('/');
        ReadOnlySpan<char> addressText = slash < 0 ? text.AsSpan() : text.AsSpan(0, slash);
        if (Ipv4Text.TryParseAddress(addressText, out uint address) != Ipv4TextError.None)
        {
            return AddressRead.Invalid;
        }

        uint mask = uint.MaxValue;
        if (slash >= 0)
        {
            if (NumberText.TryParse(text, slash + 1, text.Length, 32, out int prefix))
            {
                mask = Ipv4Text.MaskOf(prefix);
            }
            else if (Ipv4Text.TryParseAddress(text.AsSpan(slash + 1), out mask) != Ipv4TextError.None)
            {
                return AddressRead.Invalid;
            }
            else if ((~mask & (~mask + 1)) != 0)
            {
                // A contiguous mask's inverse is 2^k - 1, so adding one clears it.
                return AddressRead.NonContiguousMask;
            }
        }

        first = address & mask;
        last = first | ~mask;
        return AddressRead.Ok;
    }

    /// <summary>Reads <c>a.b.c.d-e.f.g.h</c> (or one address) into its first and last address.</summary>
    public static AddressRead TryParseRange(string text, out uint first, out uint last)
    {
        first = 0;
        last = 0;
        if (IsIpv6(text))
        {
            return AddressRead.Ipv6;
        }

        int dash = text.IndexOf('-');
        if (dash < 0)
        {
            if (Ipv4Text.TryParseAddress(text.AsSpan(), out first) != Ipv4TextError.None)
            {
                return AddressRead.Invalid;
            }

            last = first;
            return AddressRead.Ok;
        }

        return Ipv4Text.TryParseAddress(text.AsSpan(0, dash), out first) == Ipv4TextError.None
            && Ipv4Text.TryParseAddress(text.AsSpan(dash + 1), out last) == Ipv4TextError.None
            && first <= last
            ? AddressRead.Ok
            : AddressRead.Invalid;
    }

    /// <summary>True when the text has a ':', as every IPv6 address has and no IPv4 address has.</summary>
    public static bool IsIpv6(string text)
    {
        foreach (char c in text)
        {
            if (c == ':')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The union of address intervals; <see cref="AddressSpace.Any"/> when it holds every IPv4 address.</summary>
    public static IntervalSet Set(List<(ulong First, ulong Last)> intervals) => Normalize(IntervalSet.FromIntervals(intervals));

    /// <summary>One address interval; <see cref="AddressSpace.Any"/> when it is every IPv4 address.</summary>
    public static IntervalSet Interval(uint first, uint last) => Normalize(IntervalSet.Of(first, last));

    /// <summary>Every address, real or symbolic, outside <paramref name="set"/>: what a negated match (<c>! -s</c>, <c>!=</c>) holds.</summary>
    public static IntervalSet Not(IntervalSet set) => AddressSpace.Any.Subtract(set);

    /// <summary>The set, or <see cref="AddressSpace.Any"/> when it holds every IPv4 address.</summary>
    public static IntervalSet Normalize(IntervalSet set) => AllIpv4.IsSubsetOf(set) ? AddressSpace.Any : set;
}

using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Xunit;
using Swp.Requirements.Coverage;
using Swp.Requirements.Deployments;

namespace Swp.Requirements.Tests;

/// <summary>
/// The fast paths give the answers of the plain definitions they replace: the flow bitmaps of
/// <see cref="DeploymentFlows"/> against <see cref="SpecFacts.IsRequired"/> on every set of
/// conditions, the portable bit scans against the hardware ones, the region search against a
/// scan of every subnet, and the interval sets' binary searches and shared windows against sets of small numbers.
/// </summary>
public class FastPathTests
{
    [Fact]
    public void Deployment_flows_are_the_flows_IsRequired_accepts_on_every_set_of_conditions()
    {
        int conditions = SwpIds.ConditionIds.Length;
        Assert.InRange(conditions, 1, 16); // 2^conditions sets, each checked
        Flow[] all = Flows.All.ToArray();
        for (uint enabled = 0; enabled < 1u << conditions; enabled++)
        {
            var deployment = new Deployment((Conditions)enabled);
            int[] expected = [.. Enumerable.Range(0, all.Length).Where(i => SpecFacts.IsRequired((uint)all[i].Conditions, (uint)all[i].ReplacedBy, enabled))];
            var actual = new List<Flow>();
            foreach (Flow flow in deployment.Flows)
            {
                actual.Add(flow);
            }

            Assert.Equal(expected.Select(i => all[i]), actual);
            Assert.Equal(expected.Length, deployment.Flows.Count());
        }
    }

    [Fact]
    public void An_enumerator_that_has_ended_stays_ended_and_Reset_starts_again()
    {
        DeploymentFlows.Enumerator e = new Deployment(Conditions.Relays).Flows.GetEnumerator();
        int n = 0;
        while (e.MoveNext())
        {
            n++;
        }

        Assert.False(e.MoveNext());
        Assert.False(e.MoveNext());
        e.Reset();
        int again = 0;
        while (e.MoveNext())
        {
            again++;
        }

        Assert.Equal(n, again);
    }

    [Property]
    public bool The_portable_bit_scans_equal_the_hardware_ones(DoNotSize<ulong> value) =>
        Bits.TrailingZeroCountPortable(value.Item) == System.Numerics.BitOperations.TrailingZeroCount(value.Item)
        && Bits.PopCountPortable(value.Item) == System.Numerics.BitOperations.PopCount(value.Item);

    [Fact]
    public void The_portable_bit_scans_are_right_on_every_single_bit_and_on_zero()
    {
        Assert.Equal(64, Bits.TrailingZeroCountPortable(0));
        Assert.Equal(0, Bits.PopCountPortable(0));
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(i, Bits.TrailingZeroCountPortable(1UL << i));
            Assert.Equal(i, Bits.TrailingZeroCountPortable(ulong.MaxValue << i));
            Assert.Equal(64 - i, Bits.PopCountPortable(ulong.MaxValue << i));
        }
    }

    [Property]
    public bool Region_lookup_equals_a_scan_of_every_subnet(DoNotSize<uint> random)
    {
        // DoNotSize: the whole address range (a sized uint stays at 100 or less, always "near" subnet 0's first address - 4).
        uint address = random.Item;
        // Bias towards the subnets: half the cases are addresses in or next to one.
        IPv4Network[] subnets = [.. Regions.All.ToArray().SelectMany(r => Regions.Subnets(r).ToArray())];
        if ((address & 1) == 0)
        {
            IPv4Network near = subnets[(int)((address >> 1) % (uint)subnets.Length)];
            address = unchecked(near.FirstAddress + (address >> 8) % 40 - 4);
        }

        Region? expected = null;
        foreach (Region r in Regions.All)
        {
            foreach (IPv4Network n in Regions.Subnets(r))
            {
                if (n.Contains(address))
                {
                    expected = r;
                }
            }
        }

        bool found = Regions.TryFind(address, out Region actual);
        bool text = Regions.TryFind(IPv4Network.FormatAddress(address), out Region fromText);
        return found == expected.HasValue && (!found || actual == expected) && text == found && (!text || fromText == actual);
    }

    [Fact]
    public void Interval_set_operations_equal_the_same_operations_on_sets_of_small_numbers()
    {
        // Sets of 0..63 as bit masks; chains of subtractions exercise the shared windows.
        var random = new Random(8);
        for (int round = 0; round < 20000; round++)
        {
            ulong a = RandomMask(random);
            ulong b = RandomMask(random);
            ulong c = RandomMask(random);
            IntervalSet sa = Set(a);
            IntervalSet sb = Set(b);
            IntervalSet sc = Set(c);
            Assert.Equal(a & ~b, Mask(sa.Subtract(sb)));
            Assert.Equal(a & b, Mask(sa.Intersect(sb)));
            Assert.Equal((a & b) != 0, sa.Overlaps(sb));
            Assert.Equal(a | b, Mask(sa.Union(sb)));
            IntervalSet window = sa.Subtract(sb);
            Assert.Equal(a & ~b & ~c, Mask(window.Subtract(sc)));
            Assert.Equal(a & ~b & c, Mask(window.Intersect(sc)));
            Assert.Equal((a & ~b & c) != 0, window.Overlaps(sc));
            Assert.Equal(a & ~b, Mask(window));
            Assert.True(window.Equals(Set(a & ~b)));
            Assert.Equal(Set(a & ~b).GetHashCode(), window.GetHashCode());
            Assert.Equal(BitCount(a & ~b) == 0 ? 0UL : (ulong)System.Numerics.BitOperations.TrailingZeroCount(a & ~b), window.Min);
        }
    }

    private static ulong RandomMask(Random random) => random.Next(4) switch
    {
        0 => 0,
        1 => (ulong)random.NextInt64() & (ulong)random.NextInt64(), // sparse
        2 => ulong.MaxValue >> random.Next(64) << random.Next(8), // a run
        _ => (ulong)random.NextInt64() | ((ulong)random.Next() << 63),
    };

    private static int BitCount(ulong value) => System.Numerics.BitOperations.PopCount(value);

    private static IntervalSet Set(ulong mask)
    {
        var intervals = new List<(ulong, ulong)>();
        for (int i = 0; i < 64; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                intervals.Add(((ulong)i, (ulong)i)); // single values: FromIntervals must join them
            }
        }

        return IntervalSet.FromIntervals(intervals);
    }

    private static ulong Mask(IntervalSet set)
    {
        ulong mask = 0;
        for (int i = 0; i < set.Count; i++)
        {
            Assert.True(set.First(i) <= set.Last(i));
            Assert.True(i == 0 || set.First(i) > set.Last(i - 1) + 1); // sorted, disjoint, not touching
            for (ulong v = set.First(i); v <= set.Last(i); v++)
            {
                mask |= 1UL << (int)v;
            }
        }

        return mask;
    }
}

/// <summary>The strict IPv4 text parser against the straightforward one it replaced (kept here as the oracle).</summary>
public class Ipv4TextOracleTests
{
    [Fact]
    public void The_parser_gives_the_oracles_error_and_value_on_random_texts()
    {
        var random = new Random(5);
        const string Alphabet = "0123456789....x/ 2551";
        string[] fixedCases = ["", ".", "1.2.3.4", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.", "1.2.3.4 ", "1..3.4", "0.0.0.0", "1234.1.1.1", "1.2.3.04", "9.9.9.999", "1.2.3.4/5"];
        IEnumerable<string> texts = fixedCases.Concat(Enumerable.Range(0, 50000).Select(_ =>
            new string([.. Enumerable.Range(0, random.Next(0, 18)).Select(_ => Alphabet[random.Next(Alphabet.Length)])])));
        foreach (string text in texts)
        {
            Swp.Requirements.Net.Ipv4TextError expected = Oracle(text, out uint expectedValue);
            Swp.Requirements.Net.Ipv4TextError actual = Swp.Requirements.Net.Ipv4Text.TryParseAddress(text, out uint value);
            Assert.True(expected == actual, $"'{text}': expected {expected}, got {actual}");
            if (actual == Swp.Requirements.Net.Ipv4TextError.None)
            {
                Assert.Equal(expectedValue, value);
            }
            else
            {
                Assert.Equal(0u, value);
            }
        }
    }

    // The parser as it was written first: a general character loop.
    private static Swp.Requirements.Net.Ipv4TextError Oracle(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        int octets = 0;
        int i = 0;
        while (true)
        {
            int start = i;
            uint value = 0;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9')
            {
                if (i - start == 3)
                {
                    return Swp.Requirements.Net.Ipv4TextError.OctetOutOfRange;
                }

                value = (value * 10) + (uint)(text[i] - '0');
                i++;
            }

            int digits = i - start;
            if (digits == 0)
            {
                return Swp.Requirements.Net.Ipv4TextError.NotDottedQuad;
            }

            if (digits > 1 && text[start] == '0')
            {
                return Swp.Requirements.Net.Ipv4TextError.LeadingZero;
            }

            if (value > 255)
            {
                return Swp.Requirements.Net.Ipv4TextError.OctetOutOfRange;
            }

            address = (address << 8) | value;
            octets++;
            if (octets == 4)
            {
                return i == text.Length ? Swp.Requirements.Net.Ipv4TextError.None : Swp.Requirements.Net.Ipv4TextError.NotDottedQuad;
            }

            if (i >= text.Length || text[i] != '.')
            {
                return Swp.Requirements.Net.Ipv4TextError.NotDottedQuad;
            }

            i++;
        }
    }
}

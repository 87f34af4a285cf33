using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Swp.Requirements.Coverage;

/// <summary>
/// An immutable set of unsigned 64-bit values, held as sorted, disjoint, non-adjacent closed
/// intervals. Every operation costs the number of intervals, never the number of values: the
/// set of every IPv4 address costs what one address costs. Addresses, ports and IP protocol
/// numbers of the coverage engine are such sets. Shared source: compiled into the library and
/// the generator.
/// </summary>
internal sealed class IntervalSet : IEquatable<IntervalSet>
{
    // Pairs: _bounds[2i] is the first value of interval i, _bounds[2i + 1] its last.
    private readonly ulong[] _bounds;

    private IntervalSet(ulong[] bounds) => _bounds = bounds;

    /// <summary>The set with no value.</summary>
    public static IntervalSet Empty { get; } = new([]);

    /// <summary>True when the set holds no value.</summary>
    public bool IsEmpty => _bounds.Length == 0;

    /// <summary>How many intervals the set has.</summary>
    public int Count => _bounds.Length / 2;

    /// <summary>The first value of the i-th interval.</summary>
    public ulong First(int i) => _bounds[2 * i];

    /// <summary>The last value of the i-th interval.</summary>
    public ulong Last(int i) => _bounds[(2 * i) + 1];

    /// <summary>The smallest value; 0 for the empty set.</summary>
    public ulong Min => _bounds.Length == 0 ? 0 : _bounds[0];

    /// <summary>The largest value; 0 for the empty set.</summary>
    public ulong Max => _bounds.Length == 0 ? 0 : _bounds[_bounds.Length - 1];

    /// <summary>The interval [<paramref name="first"/>, <paramref name="last"/>]; empty when first &gt; last.</summary>
    public static IntervalSet Of(ulong first, ulong last) => first > last ? Empty : new([first, last]);

    /// <summary>The one value <paramref name="value"/>.</summary>
    public static IntervalSet Single(ulong value) => new([value, value]);

    /// <summary>The union of any intervals, in any order, overlapping or not.</summary>
    public static IntervalSet FromIntervals(IEnumerable<(ulong First, ulong Last)> intervals)
    {
        var list = new List<(ulong First, ulong Last)>();
        foreach ((ulong first, ulong last) in intervals)
        {
            if (first <= last)
            {
                list.Add((first, last));
            }
        }

        list.Sort((a, b) => a.First.CompareTo(b.First));
        var bounds = new List<ulong>(list.Count * 2);
        foreach ((ulong first, ulong last) in list)
        {
            int n = bounds.Count;
            if (n > 0 && (bounds[n - 1] == ulong.MaxValue || first <= bounds[n - 1] + 1))
            {
                if (last > bounds[n - 1])
                {
                    bounds[n - 1] = last;
                }
            }
            else
            {
                bounds.Add(first);
                bounds.Add(last);
            }
        }

        return bounds.Count == 0 ? Empty : new IntervalSet([.. bounds]);
    }

    /// <summary>True when <paramref name="value"/> is in the set.</summary>
    public bool Contains(ulong value)
    {
        int lo = 0;
        int hi = Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (value < First(mid))
            {
                hi = mid - 1;
            }
            else if (value > Last(mid))
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when some value is in both sets.</summary>
    public bool Overlaps(IntervalSet other)
    {
        int i = 0;
        int j = 0;
        while (i < Count && j < other.Count)
        {
            if (Last(i) < other.First(j))
            {
                i++;
            }
            else if (other.Last(j) < First(i))
            {
                j++;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every value of this set is in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(IntervalSet other) => Subtract(other).IsEmpty;

    /// <summary>The values in both sets.</summary>
    public IntervalSet Intersect(IntervalSet other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return Empty;
        }

        var bounds = new List<ulong>();
        int i = 0;
        int j = 0;
        while (i < Count && j < other.Count)
        {
            ulong first = Math.Max(First(i), other.First(j));
            ulong last = Math.Min(Last(i), other.Last(j));
            if (first <= last)
            {
                bounds.Add(first);
                bounds.Add(last);
            }

            if (Last(i) < other.Last(j))
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return Make(bounds);
    }

    /// <summary>The values of this set that are not in <paramref name="other"/>.</summary>
    public IntervalSet Subtract(IntervalSet other)
    {
        if (IsEmpty || other.IsEmpty || !Overlaps(other))
        {
            return this;
        }

        var bounds = new List<ulong>(_bounds.Length + 2);
        int j = 0;
        for (int i = 0; i < Count; i++)
        {
            ulong first = First(i);
            ulong last = Last(i);
            bool done = false;
            while (j < other.Count && other.Last(j) < first)
            {
                j++;
            }

            int k = j;
            while (k < other.Count && other.First(k) <= last)
            {
                if (other.First(k) > first)
                {
                    bounds.Add(first);
                    bounds.Add(other.First(k) - 1);
                }

                if (other.Last(k) >= last)
                {
                    done = true;
                    break;
                }

                first = other.Last(k) + 1;
                k++;
            }

            if (!done)
            {
                bounds.Add(first);
                bounds.Add(last);
            }
        }

        return Make(bounds);
    }

    /// <summary>The values in either set.</summary>
    public IntervalSet Union(IntervalSet other)
    {
        if (other.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var all = new List<(ulong, ulong)>(Count + other.Count);
        for (int i = 0; i < Count; i++)
        {
            all.Add((First(i), Last(i)));
        }

        for (int i = 0; i < other.Count; i++)
        {
            all.Add((other.First(i), other.Last(i)));
        }

        return FromIntervals(all);
    }

    /// <inheritdoc/>
    public bool Equals(IntervalSet? other) => other is not null && _bounds.AsSpan().SequenceEqual(other._bounds);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IntervalSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        ulong hash = 17;
        foreach (ulong b in _bounds)
        {
            hash = (hash * 31) ^ b;
        }

        return unchecked((int)hash ^ (int)(hash >> 32));
    }

    /// <summary>E.g. <c>[1-3, 7]</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(First(i).ToString(CultureInfo.InvariantCulture));
            if (Last(i) != First(i))
            {
                text.Append('-').Append(Last(i).ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.Append(']').ToString();
    }

    private static IntervalSet Make(List<ulong> bounds)
    {
        if (bounds.Count == 0)
        {
            return Empty;
        }

        // Join intervals that touch (a subtraction or intersection never makes them overlap).
        var joined = new List<ulong>(bounds.Count) { bounds[0], bounds[1] };
        for (int i = 2; i < bounds.Count; i += 2)
        {
            if (joined[joined.Count - 1] != ulong.MaxValue && bounds[i] == joined[joined.Count - 1] + 1)
            {
                joined[joined.Count - 1] = bounds[i + 1];
            }
            else
            {
                joined.Add(bounds[i]);
                joined.Add(bounds[i + 1]);
            }
        }

        return new IntervalSet([.. joined]);
    }
}

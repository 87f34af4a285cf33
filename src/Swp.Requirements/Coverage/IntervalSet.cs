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
    // Pairs: _bounds[_start + 2i] is the first value of interval i, _bounds[_start + 2i + 1] its
    // last; _count intervals. A set may be a window on another set's array (a subtraction that
    // removes only leading or trailing intervals shares the array instead of copying it), so the
    // array is never written after construction.
    private readonly ulong[] _bounds;
    private readonly int _start;
    private readonly int _count;

    private IntervalSet(ulong[] bounds)
        : this(bounds, 0, bounds.Length / 2)
    {
    }

    private IntervalSet(ulong[] bounds, int start, int count)
    {
        _bounds = bounds;
        _start = start;
        _count = count;
    }

    /// <summary>The set with no value.</summary>
    public static IntervalSet Empty { get; } = new([]);

    /// <summary>True when the set holds no value.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>How many intervals the set has.</summary>
    public int Count => _count;

    /// <summary>The first value of the i-th interval.</summary>
    public ulong First(int i) => _bounds[_start + (2 * i)];

    /// <summary>The last value of the i-th interval.</summary>
    public ulong Last(int i) => _bounds[_start + (2 * i) + 1];

    /// <summary>The smallest value; 0 for the empty set.</summary>
    public ulong Min => _count == 0 ? 0 : _bounds[_start];

    /// <summary>The largest value; 0 for the empty set.</summary>
    public ulong Max => _count == 0 ? 0 : _bounds[_start + (2 * _count) - 1];

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

    /// <summary>True when some value is in both sets. Costs O(smaller · log larger) (binary searches), not the sum of both sizes.</summary>
    public bool Overlaps(IntervalSet other)
    {
        if (_count == 0 || other._count == 0 || Max < other.Min || other.Max < Min)
        {
            return false;
        }

        (IntervalSet small, IntervalSet large) = _count <= other._count ? (this, other) : (other, this);
        int from = 0;
        for (int i = 0; i < small._count; i++)
        {
            // The first interval of the larger set that ends at or after this one's start.
            from = large.FirstEndingAtOrAfter(small.First(i), from);
            if (from == large._count)
            {
                return false;
            }

            if (large.First(from) <= small.Last(i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every value of this set is in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(IntervalSet other) => Subtract(other).IsEmpty;

    /// <summary>The values in both sets. Costs O(smaller · log larger + result).</summary>
    public IntervalSet Intersect(IntervalSet other)
    {
        if (_count == 0 || other._count == 0 || Max < other.Min || other.Max < Min)
        {
            return Empty;
        }

        (IntervalSet small, IntervalSet large) = _count <= other._count ? (this, other) : (other, this);
        var bounds = new Builder(Math.Min(2 * small._count, 16));
        int from = 0;
        for (int i = 0; i < small._count; i++)
        {
            ulong first = small.First(i);
            ulong last = small.Last(i);
            from = large.FirstEndingAtOrAfter(first, from);
            for (int k = from; k < large._count && large.First(k) <= last; k++)
            {
                bounds.Add(Math.Max(first, large.First(k)), Math.Min(last, large.Last(k)));
            }
        }

        return bounds.ToSet();
    }

    /// <summary>
    /// The values of this set that are not in <paramref name="other"/>. Only the intervals of this
    /// set within <paramref name="other"/>'s span are visited (found by binary search); the ones
    /// before and after are copied as blocks, or shared without a copy when nothing is left between them.
    /// </summary>
    public IntervalSet Subtract(IntervalSet other)
    {
        if (_count == 0 || other._count == 0 || Max < other.Min || other.Max < Min)
        {
            return this;
        }

        // This set's intervals [a, b) are the ones that may meet other; those before a and from b on stay as they are.
        int a = FirstEndingAtOrAfter(other.Min, 0);
        int b = FirstStartingAfter(other.Max, a);
        if (a >= b)
        {
            return this; // other lies in a gap of this set
        }

        var middle = new Builder(Math.Min(2 * (b - a) + 2, 16));
        int j = 0;
        for (int i = a; i < b; i++)
        {
            ulong first = First(i);
            ulong last = Last(i);
            bool done = false;
            j = other.FirstEndingAtOrAfter(first, j);
            int k = j;
            while (k < other._count && other.First(k) <= last)
            {
                if (other.First(k) > first)
                {
                    middle.Add(first, other.First(k) - 1);
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
                middle.Add(first, last);
            }
        }

        if (middle.Count == b - a && middle.SameAs(this, a))
        {
            return this; // no overlap after all
        }

        if (middle.Count == 0)
        {
            if (a == 0)
            {
                return b == _count ? Empty : new IntervalSet(_bounds, _start + (2 * b), _count - b);
            }

            if (b == _count)
            {
                return new IntervalSet(_bounds, _start, a);
            }
        }

        var result = new ulong[2 * (a + middle.Count + (_count - b))];
        Array.Copy(_bounds, _start, result, 0, 2 * a);
        middle.CopyTo(result, 2 * a);
        Array.Copy(_bounds, _start + (2 * b), result, 2 * (a + middle.Count), 2 * (_count - b));
        return new IntervalSet(result);
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
    public bool Equals(IntervalSet? other) =>
        other is not null && _bounds.AsSpan(_start, 2 * _count).SequenceEqual(other._bounds.AsSpan(other._start, 2 * other._count));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IntervalSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        ulong hash = 17;
        foreach (ulong b in _bounds.AsSpan(_start, 2 * _count))
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

    /// <summary>The index of the first interval, at or after <paramref name="from"/>, whose last value is at least <paramref name="value"/>; <see cref="Count"/> when none.</summary>
    private int FirstEndingAtOrAfter(ulong value, int from)
    {
        int lo = from;
        int hi = _count;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (Last(mid) < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The index of the first interval, at or after <paramref name="from"/>, whose first value is above <paramref name="value"/>; <see cref="Count"/> when none.</summary>
    private int FirstStartingAfter(ulong value, int from)
    {
        int lo = from;
        int hi = _count;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (First(mid) <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Collects sorted, disjoint intervals; joins one that touches the previous one (none should).</summary>
    private struct Builder
    {
        private ulong[] _items;
        private int _length;

        public Builder(int capacity)
        {
            _items = new ulong[Math.Max(capacity, 2)];
            _length = 0;
        }

        /// <summary>How many intervals so far.</summary>
        public readonly int Count => _length / 2;

        public void Add(ulong first, ulong last)
        {
            if (_length > 0 && _items[_length - 1] != ulong.MaxValue && first == _items[_length - 1] + 1)
            {
                _items[_length - 1] = last;
                return;
            }

            if (_length + 2 > _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            _items[_length] = first;
            _items[_length + 1] = last;
            _length += 2;
        }

        /// <summary>True when the intervals equal <paramref name="set"/>'s from interval <paramref name="from"/> on.</summary>
        public readonly bool SameAs(IntervalSet set, int from) =>
            _items.AsSpan(0, _length).SequenceEqual(set._bounds.AsSpan(set._start + (2 * from), _length));

        public readonly void CopyTo(ulong[] target, int index) => Array.Copy(_items, 0, target, index, _length);

        public readonly IntervalSet ToSet()
        {
            if (_length == 0)
            {
                return Empty;
            }

            var bounds = new ulong[_length];
            Array.Copy(_items, bounds, _length);
            return new IntervalSet(bounds);
        }
    }
}

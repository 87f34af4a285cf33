using System;
using System.Text;

namespace Swp.Requirements;

/// <summary>The hand-written half of <see cref="SwpIds"/>: IP protocols, condition sets, and parsing that throws.</summary>
public static partial class SwpIds
{
    /// <summary>The ID of an IP protocol: <c>tcp</c> or <c>udp</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not TCP or UDP.</exception>
    public static string ToId(this IPProtocol value) =>
        Net.IpProtocols.IdOf((int)value) ?? throw new ArgumentOutOfRangeException(nameof(value), value, "Not TCP or UDP.");

    /// <summary>Parses <c>tcp</c> or <c>udp</c> (ordinal, case-sensitive). Allocates nothing.</summary>
    /// <param name="id">The ID.</param>
    /// <param name="value">The IP protocol, or default when the ID is unknown.</param>
    /// <returns>True when the ID is known.</returns>
    public static bool TryParseIPProtocol(ReadOnlySpan<char> id, out IPProtocol value)
    {
        bool known = Net.IpProtocols.TryParseId(id, out byte number);
        value = (IPProtocol)number;
        return known;
    }

    /// <summary>Parses <c>tcp</c> or <c>udp</c> (ordinal, case-sensitive); false for null. Allocates nothing.</summary>
    /// <param name="id">The ID, or null.</param>
    /// <param name="value">The IP protocol, or default when the ID is unknown.</param>
    /// <returns>True when the ID is known.</returns>
    public static bool TryParseIPProtocol(string? id, out IPProtocol value) => TryParseIPProtocol(id.AsSpan(), out value);

    /// <summary>
    /// Parses one condition ID (<c>relays</c>) or a comma-separated list of them
    /// (<c>relays,siem</c>; spaces around IDs are allowed) into their union. Ordinal and
    /// case-sensitive; allocates nothing.
    /// </summary>
    /// <param name="ids">One ID or a comma-separated list.</param>
    /// <param name="value">The union of the conditions, or <see cref="Conditions.None"/> when any ID is unknown or empty.</param>
    /// <returns>True when every ID is known.</returns>
    public static bool TryParseConditions(ReadOnlySpan<char> ids, out Conditions value)
    {
        value = Conditions.None;
        Conditions all = Conditions.None;
        while (true)
        {
            int comma = ids.IndexOf(',');
            ReadOnlySpan<char> id = (comma < 0 ? ids : ids.Slice(0, comma)).Trim();
            if (!TryParseConditionId(id, out Conditions one))
            {
                return false;
            }

            all |= one;
            if (comma < 0)
            {
                value = all;
                return true;
            }

            ids = ids.Slice(comma + 1);
        }
    }

    /// <summary>Parses one condition ID or a comma-separated list (see <see cref="TryParseConditions(ReadOnlySpan{char}, out Conditions)"/>); false for null.</summary>
    /// <param name="ids">One ID or a comma-separated list, or null.</param>
    /// <param name="value">The union of the conditions, or <see cref="Conditions.None"/> when any ID is unknown.</param>
    /// <returns>True when every ID is known.</returns>
    public static bool TryParseConditions(string? ids, out Conditions value) => TryParseConditions(ids.AsSpan(), out value);

    /// <summary>
    /// The IDs of a set of conditions in declaration order, joined with <c>+</c>
    /// (e.g. <c>relays+siem</c>); the empty string for <see cref="Conditions.None"/>.
    /// </summary>
    public static string FormatConditions(Conditions conditions)
    {
        var text = new StringBuilder();
        for (int bit = 0; bit < 32; bit++)
        {
            var flag = (Conditions)(1u << bit);
            if ((conditions & flag) != 0 && (Conditions.All & flag) != 0)
            {
                text.Append(text.Length == 0 ? "" : "+").Append(flag.ToId());
            }
        }

        return text.ToString();
    }

    /// <summary>Parses a component ID.</summary>
    /// <exception cref="FormatException">The ID is unknown; the message suggests the closest ID and lists the valid ones.</exception>
    public static Component ParseComponent(string id) =>
        TryParseComponent(id.AsSpan(), out Component value) ? value : throw Unknown("component", id, ComponentIds);

    /// <summary>Parses one condition ID.</summary>
    /// <exception cref="FormatException">The ID is unknown; the message suggests the closest ID and lists the valid ones.</exception>
    public static Conditions ParseCondition(string id) =>
        TryParseConditionId(id.AsSpan(), out Conditions value) ? value : throw Unknown("condition", id, ConditionIds);

    /// <summary>Parses a region ID.</summary>
    /// <exception cref="FormatException">The ID is unknown; the message suggests the closest ID and lists the valid ones.</exception>
    public static Region ParseRegion(string id) =>
        TryParseRegion(id.AsSpan(), out Region value) ? value : throw Unknown("region", id, RegionIds);

    private static FormatException Unknown(string kind, string? id, ReadOnlySpan<string> valid) =>
        new($"Unknown {kind} '{id}': {Text.IdSuggestion.Hint(id ?? "", valid)}.");
}

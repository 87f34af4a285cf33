using System;
using System.Text;

namespace Swp.Requirements;

/// <summary>The hand-written half of <see cref="SwpIds"/>: IP protocols, condition sets, and parsing that throws.</summary>
public static partial class SwpIds
{
    /// <summary>The ID of an IP protocol: <c>tcp</c> or <c>udp</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not TCP or UDP.</exception>
    public static string ToId(this IpProtocol value) => value switch
    {
        IpProtocol.Tcp => "tcp",
        IpProtocol.Udp => "udp",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not TCP or UDP."),
    };

    /// <summary>Parses <c>tcp</c> or <c>udp</c> (ordinal, case-sensitive). Allocates nothing.</summary>
    public static bool TryParse(ReadOnlySpan<char> id, out IpProtocol value)
    {
        switch (id)
        {
            case "tcp": value = IpProtocol.Tcp; return true;
            case "udp": value = IpProtocol.Udp; return true;
            default: value = default; return false;
        }
    }

    /// <summary>Parses <c>tcp</c> or <c>udp</c> (ordinal, case-sensitive); false for null. Allocates nothing.</summary>
    public static bool TryParse(string? id, out IpProtocol value) => TryParse(id.AsSpan(), out value);

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
        TryParse(id.AsSpan(), out Component value) ? value : throw Unknown("component", id, ComponentIds);

    /// <summary>Parses one condition ID.</summary>
    /// <exception cref="FormatException">The ID is unknown; the message suggests the closest ID and lists the valid ones.</exception>
    public static Conditions ParseCondition(string id) =>
        TryParse(id.AsSpan(), out Conditions value) ? value : throw Unknown("condition", id, ConditionIds);

    /// <summary>Parses a region ID.</summary>
    /// <exception cref="FormatException">The ID is unknown; the message suggests the closest ID and lists the valid ones.</exception>
    public static Region ParseRegion(string id) =>
        TryParse(id.AsSpan(), out Region value) ? value : throw Unknown("region", id, RegionIds);

    private static FormatException Unknown(string kind, string? id, ReadOnlySpan<string> valid) =>
        new($"Unknown {kind} '{id}': {Text.IdSuggestion.Hint(id ?? "", valid)}.");
}

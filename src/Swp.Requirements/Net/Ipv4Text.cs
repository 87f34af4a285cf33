using System;

namespace Swp.Requirements.Net;

/// <summary>Why a text is not a strict IPv4 address or CIDR.</summary>
internal enum Ipv4TextError
{
    None,
    NotDottedQuad,
    LeadingZero,
    OctetOutOfRange,
    MissingPrefix,
    PrefixOutOfRange,
    HostBitsSet,
}

/// <summary>
/// The one IPv4 text parser of this project, compiled into both the runtime library and the
/// source generator so that a spec, a deployment file and a run-time query obey one rule:
/// four decimal octets 0–255 with no leading zeros (<c>010.0.0.1</c> is refused, where
/// <c>IPAddress.Parse</c> reads it as octal), no short forms (<c>10.1</c>), and for a CIDR a
/// prefix length 0–32 with no leading zeros and no host bits set.
/// </summary>
internal static class Ipv4Text
{
    /// <summary>
    /// Parses a dotted quad into its 32-bit value, most significant octet first; 0 on failure.
    /// One pass, each character read once, each octet's one to three digits unrolled (this is the
    /// hot path of <c>Regions.TryFind</c>). Faults are found in the order a reader meets them: a
    /// fourth digit, then a leading zero, then a value over 255, then a missing dot or extra text.
    /// </summary>
    public static Ipv4TextError TryParseAddress(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        uint result = 0;
        int i = 0;
        for (int octet = 0; ; octet++)
        {
            uint value;
            if ((uint)i >= (uint)text.Length || (value = (uint)(text[i] - '0')) > 9)
            {
                return Ipv4TextError.NotDottedQuad;
            }

            uint first = value;
            uint digit;
            if ((uint)++i < (uint)text.Length && (digit = (uint)(text[i] - '0')) <= 9)
            {
                value = (value * 10) + digit;
                if ((uint)++i < (uint)text.Length && (digit = (uint)(text[i] - '0')) <= 9)
                {
                    value = (value * 10) + digit;
                    if ((uint)++i < (uint)text.Length && (uint)(text[i] - '0') <= 9)
                    {
                        return Ipv4TextError.OctetOutOfRange;
                    }
                }

                if (first == 0)
                {
                    return Ipv4TextError.LeadingZero;
                }

                if (value > 255)
                {
                    return Ipv4TextError.OctetOutOfRange;
                }
            }

            result = (result << 8) | value;
            if (octet == 3)
            {
                if (i != text.Length)
                {
                    return Ipv4TextError.NotDottedQuad;
                }

                address = result;
                return Ipv4TextError.None;
            }

            if ((uint)i >= (uint)text.Length || text[i] != '.')
            {
                return Ipv4TextError.NotDottedQuad;
            }

            i++;
        }
    }

    /// <summary>Parses <c>a.b.c.d/n</c>; the network address must have every host bit clear.</summary>
    public static Ipv4TextError TryParseCidr(ReadOnlySpan<char> text, out uint network, out int prefixLength)
    {
        network = 0;
        prefixLength = 0;
        int slash = text.IndexOf('/');
        if (slash < 0)
        {
            Ipv4TextError addressError = TryParseAddress(text, out _);
            return addressError == Ipv4TextError.None ? Ipv4TextError.MissingPrefix : addressError;
        }

        Ipv4TextError error = TryParseAddress(text.Slice(0, slash), out network);
        if (error != Ipv4TextError.None)
        {
            return error;
        }

        ReadOnlySpan<char> prefix = text.Slice(slash + 1);
        if (prefix.Length == 0)
        {
            return Ipv4TextError.MissingPrefix;
        }

        int length = 0;
        foreach (char c in prefix)
        {
            if (c < '0' || c > '9')
            {
                return Ipv4TextError.MissingPrefix;
            }

            length = Math.Min(100, (length * 10) + (c - '0'));
        }

        if (prefix.Length > 1 && prefix[0] == '0')
        {
            return Ipv4TextError.LeadingZero;
        }

        if (length > 32)
        {
            return Ipv4TextError.PrefixOutOfRange;
        }

        prefixLength = length;
        return (network & ~MaskOf(length)) == 0 ? Ipv4TextError.None : Ipv4TextError.HostBitsSet;
    }

    /// <summary>The network mask of a prefix length 0–32, e.g. 27 → 0xFFFFFFE0.</summary>
    public static uint MaskOf(int prefixLength) => prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);

    /// <summary>A sentence that says what is wrong, for error messages.</summary>
    public static string Describe(Ipv4TextError error) => error switch
    {
        Ipv4TextError.NotDottedQuad => "it is not four decimal octets separated by dots (a.b.c.d)",
        Ipv4TextError.LeadingZero => "a number has a leading zero, which some parsers read as octal",
        Ipv4TextError.OctetOutOfRange => "an octet is greater than 255",
        Ipv4TextError.MissingPrefix => "it has no decimal prefix length after '/' (a.b.c.d/n)",
        Ipv4TextError.PrefixOutOfRange => "the prefix length is greater than 32",
        Ipv4TextError.HostBitsSet => "host bits are set: the address is not the network's first address",
        _ => "it is valid",
    };

    /// <summary>Formats a 32-bit address as a dotted quad.</summary>
    public static string Format(uint address) =>
        string.Concat(
            Octet(address >> 24), ".", Octet(address >> 16), ".", Octet(address >> 8), ".", Octet(address));

    private static string Octet(uint value) => (value & 0xFF).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

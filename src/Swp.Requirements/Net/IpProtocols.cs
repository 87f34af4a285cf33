using System;

namespace Swp.Requirements.Net;

/// <summary>
/// The IP protocols of the spec's flows, written once: their IDs (<c>tcp</c>, <c>udp</c>) and
/// IANA numbers (6, 17). The spec validator, deployment files, the shared model and the public
/// <c>IPProtocol</c> enum all read them here (shared source).
/// </summary>
internal static class IpProtocols
{
    /// <summary>TCP's protocol number.</summary>
    public const byte Tcp = 6;

    /// <summary>UDP's protocol number.</summary>
    public const byte Udp = 17;

    /// <summary>Reads <c>tcp</c> or <c>udp</c> (ordinal, case-sensitive, as the spec writes them) into its number.</summary>
    public static bool TryParseId(ReadOnlySpan<char> id, out byte number)
    {
        if (id.SequenceEqual("tcp".AsSpan()))
        {
            number = Tcp;
            return true;
        }

        if (id.SequenceEqual("udp".AsSpan()))
        {
            number = Udp;
            return true;
        }

        number = 0;
        return false;
    }

    /// <summary>The ID of a protocol number (<c>tcp</c>, <c>udp</c>), or null for any other.</summary>
    public static string? IdOf(int number) => number switch
    {
        Tcp => "tcp",
        Udp => "udp",
        _ => null,
    };

    /// <summary>The ID of a protocol number, or the number as text for one the spec has no ID for.</summary>
    public static string Describe(int number) => IdOf(number) ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

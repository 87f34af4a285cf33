using System;
using System.Net;
using System.Net.Sockets;

namespace Swp.Requirements;

/// <summary>
/// An IPv4 network in CIDR notation, e.g. <c>3.69.198.64/27</c>: a network address with every
/// host bit clear and a prefix length 0–32. Text is parsed strictly: four decimal octets with no
/// leading zeros and no short forms, and a prefix with no leading zero.
/// <c>default(IPv4Network)</c> (also what a failed <c>TryParse</c> yields) is no network: it
/// contains no address, so a parse failure can never open a firewall to everything.
/// </summary>
public readonly struct IPv4Network : IEquatable<IPv4Network>
{
    private readonly uint _network;

    // The prefix length plus one; 0 marks default(IPv4Network), which contains no address.
    private readonly byte _prefixPlusOne;

    /// <summary>Creates a network.</summary>
    /// <param name="networkAddress">The network address as a 32-bit number, most significant octet first (3.69.198.64 is 0x0345C640).</param>
    /// <param name="prefixLength">The prefix length, 0–32.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="prefixLength"/> is outside 0–32.</exception>
    /// <exception cref="ArgumentException"><paramref name="networkAddress"/> has host bits set.</exception>
    public IPv4Network(uint networkAddress, int prefixLength)
    {
        if (prefixLength is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, "A prefix length is 0–32.");
        }

        if ((networkAddress & ~Net.Ipv4Text.MaskOf(prefixLength)) != 0)
        {
            throw new ArgumentException($"{Net.Ipv4Text.Format(networkAddress)}/{prefixLength} has host bits set.", nameof(networkAddress));
        }

        _network = networkAddress;
        _prefixPlusOne = (byte)(prefixLength + 1);
    }

    /// <summary>The network address, most significant octet first.</summary>
    public uint NetworkAddress => _network;

    /// <summary>The prefix length, 0–32 (0 also for <c>default</c>, which is no network).</summary>
    public int PrefixLength => _prefixPlusOne == 0 ? 0 : _prefixPlusOne - 1;

    /// <summary>False for <c>default(IPv4Network)</c> (no network, no address); true for every parsed or constructed network.</summary>
    public bool IsValid => _prefixPlusOne != 0;

    /// <summary>The network mask, e.g. 0xFFFFFFE0 for /27.</summary>
    public uint Mask => Net.Ipv4Text.MaskOf(PrefixLength);

    /// <summary>The first address of the network (the network address), most significant octet first.</summary>
    public uint FirstAddress => _network;

    /// <summary>The last address of the network (its broadcast address when the prefix is under 31).</summary>
    public uint LastAddress => _network | ~Mask;

    /// <summary>True when <paramref name="address"/> (most significant octet first) is in this network; always false for <c>default</c>. Allocates nothing.</summary>
    public bool Contains(uint address) => _prefixPlusOne != 0 && (address & Mask) == _network;

    /// <summary>True when <paramref name="address"/> is an IPv4 address (or an IPv4-mapped IPv6 address) in this network.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public bool Contains(IPAddress address) => TryGetIPv4(address, out uint value) && Contains(value);

    /// <summary>Parses strict CIDR text such as <c>10.20.0.0/16</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not strict IPv4 CIDR; the message says why.</exception>
    public static IPv4Network Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        Net.Ipv4TextError error = Net.Ipv4Text.TryParseCidr(text.AsSpan(), out uint network, out int prefix);
        return error == Net.Ipv4TextError.None
            ? new IPv4Network(network, prefix)
            : throw new FormatException($"'{text}' is not an IPv4 CIDR: {Net.Ipv4Text.Describe(error)}.");
    }

    /// <summary>Parses strict CIDR text; false for anything else. Allocates nothing.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IPv4Network cidr)
    {
        bool ok = Net.Ipv4Text.TryParseCidr(text, out uint network, out int prefix) == Net.Ipv4TextError.None;
        cidr = ok ? new IPv4Network(network, prefix) : default;
        return ok;
    }

    /// <summary>Parses strict CIDR text; false for null and anything else. Allocates nothing.</summary>
    public static bool TryParse(string? text, out IPv4Network cidr) => TryParse(text.AsSpan(), out cidr);

    /// <summary>Parses a strict dotted-quad IPv4 address; false for null and anything else. Allocates nothing.</summary>
    public static bool TryParseAddress(string? text, out uint address) => TryParseAddress(text.AsSpan(), out address);

    /// <summary>
    /// Parses a strict dotted-quad IPv4 address (<c>3.69.198.70</c>; not <c>03.69.198.70</c>, not
    /// <c>3.69.50758</c>) into a 32-bit number, most significant octet first. Allocates nothing.
    /// </summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, out uint address) =>
        Net.Ipv4Text.TryParseAddress(text, out address) == Net.Ipv4TextError.None;

    /// <summary>Why <paramref name="text"/> is not a strict IPv4 address, or null when it is one.</summary>
    public static string? ExplainAddress(ReadOnlySpan<char> text)
    {
        Net.Ipv4TextError error = Net.Ipv4Text.TryParseAddress(text, out _);
        return error == Net.Ipv4TextError.None ? null : Net.Ipv4Text.Describe(error);
    }

    /// <summary>Formats a 32-bit address (most significant octet first) as a dotted quad.</summary>
    public static string FormatAddress(uint address) => Net.Ipv4Text.Format(address);

    /// <summary>Reads an IPv4 or IPv4-mapped IPv6 address as a 32-bit number; false for other IPv6 addresses.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public static bool TryGetIPv4(IPAddress address, out uint value)
    {
        if (address is null)
        {
            throw new ArgumentNullException(nameof(address));
        }

        value = 0;
#if NET
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (!address.IsIPv4MappedToIPv6)
            {
                return false;
            }

            bytes = bytes.Slice(12, 4);
        }
        else if (written != 4)
        {
            return false;
        }

        value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        return true;
#else
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (!address.IsIPv4MappedToIPv6)
            {
                return false;
            }

            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

#pragma warning disable CS0618 // IPAddress.Address is the one allocation-free IPv4 accessor on netstandard2.0.
        uint networkOrder = unchecked((uint)address.Address);
#pragma warning restore CS0618
        value = (networkOrder << 24) | ((networkOrder & 0xFF00) << 8) | ((networkOrder >> 8) & 0xFF00) | (networkOrder >> 24);
        return true;
#endif
    }

    /// <summary>E.g. <c>3.69.198.64/27</c>.</summary>
    public override string ToString() => _prefixPlusOne == 0
        ? "(none)"
        : Net.Ipv4Text.Format(_network) + "/" + PrefixLength.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(IPv4Network other) => _network == other._network && _prefixPlusOne == other._prefixPlusOne;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IPv4Network other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked((int)_network ^ (_prefixPlusOne << 26));

    /// <summary>Compares network address and prefix length.</summary>
    public static bool operator ==(IPv4Network left, IPv4Network right) => left.Equals(right);

    /// <summary>Compares network address and prefix length.</summary>
    public static bool operator !=(IPv4Network left, IPv4Network right) => !left.Equals(right);
}

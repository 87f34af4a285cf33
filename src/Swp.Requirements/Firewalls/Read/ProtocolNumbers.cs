using System;
using System.Globalization;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>IP protocol numbers and the names exports give them (iptables, nftables, AWS and Azure spell them alike).</summary>
internal static class ProtocolNumbers
{
    public const int Icmp = 1;
    public const int Tcp = Net.IpProtocols.Tcp;
    public const int Udp = Net.IpProtocols.Udp;
    public const int Dccp = 33;
    public const int Esp = 50;
    public const int Ah = 51;
    public const int Icmpv6 = 58;
    public const int Sctp = 132;
    public const int UdpLite = 136;

    private static readonly (string Name, int Number)[] Names =
    [
        ("icmp", Icmp), ("igmp", 2), ("ipip", 4), ("ipencap", 4), ("tcp", Tcp), ("egp", 8), ("udp", Udp),
        ("dccp", Dccp), ("ipv6", 41), ("rsvp", 46), ("gre", 47), ("esp", Esp), ("ah", Ah),
        ("icmpv6", Icmpv6), ("ipv6-icmp", Icmpv6), ("ospf", 89), ("ospfigp", 89), ("pim", 103),
        ("vrrp", 112), ("l2tp", 115), ("sctp", Sctp), ("mh", 135), ("ipv6-mh", 135), ("udplite", UdpLite),
    ];

    /// <summary>TCP, UDP, DCCP, SCTP and UDP-Lite: the protocols whose header starts with ports.</summary>
    public static IntervalSet WithPorts { get; } = IntervalSet.FromIntervals(
        [(Tcp, Tcp), (Udp, Udp), (Dccp, Dccp), (Sctp, Sctp), (UdpLite, UdpLite)]);

    /// <summary>Reads a protocol name (any case) or a decimal number 0–255.</summary>
    public static bool TryParse(string text, out int number)
    {
        if (NumberText.TryParse(text, 255, out number))
        {
            return true;
        }

        foreach ((string name, int value) in Names)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                number = value;
                return true;
            }
        }

        number = 0;
        return false;
    }

    /// <summary>The name of a protocol number, or the number as text.</summary>
    public static string Name(int number)
    {
        foreach ((string name, int value) in Names)
        {
            if (value == number)
            {
                return name;
            }
        }

        return number.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The one protocol <paramref name="number"/> as a set.</summary>
    public static IntervalSet Only(int number) => IntervalSet.Single((ulong)number);
}

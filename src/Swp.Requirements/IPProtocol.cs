namespace Swp.Requirements;

/// <summary>The IP protocol (transport) of a flow. Values are the IANA protocol numbers.</summary>
public enum IPProtocol : byte
{
    /// <summary>TCP (protocol number 6); ID <c>tcp</c>.</summary>
    Tcp = 6,

    /// <summary>UDP (protocol number 17); ID <c>udp</c>.</summary>
    Udp = 17,
}

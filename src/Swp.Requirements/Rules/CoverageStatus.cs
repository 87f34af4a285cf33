namespace Swp.Requirements;

/// <summary>What a <see cref="RuleSet"/> does with one required flow.</summary>
public enum CoverageStatus
{
    /// <summary>Every packet of the flow (each source address × each destination address, on its port and IP protocol) is allowed.</summary>
    Allowed,

    /// <summary>Some packets are allowed, others not (<see cref="FlowCoverage.NotAllowed"/> says which).</summary>
    PartlyAllowed,

    /// <summary>No packet is allowed.</summary>
    Blocked,

    /// <summary>Not allowed, but the rules allow the same packets on the other IP protocol (a <c>udp</c> rule for a TCP flow).</summary>
    WrongIPProtocol,

    /// <summary>Not checked: the flow stays on one host (a relay's 4123) and belongs in a host firewall only.</summary>
    HostOnly,
}

using System.Collections.Generic;
using Swp.Requirements.Coverage;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// What one rule matches, as far as a reader understands it, built up condition by condition
/// (each narrows the box): the packet box of a new connection's first packet, why the rule
/// cannot match such a packet at all, whether it can match an established connection's
/// packets, and the conditions that were not evaluated. A not-evaluated condition narrows
/// nothing, so the box holds everything the rule may match.
/// </summary>
internal sealed class RuleMatch
{
    public IntervalSet Sources { get; set; } = AddressSpace.Any;

    public IntervalSet Destinations { get; set; } = AddressSpace.Any;

    public IntervalSet Ports { get; set; } = PacketBox.AllPorts;

    public IntervalSet Protocols { get; set; } = PacketBox.AllProtocols;

    /// <summary>Why the rule cannot match a new connection's first packet on the network; null when it may.</summary>
    public string? NoNewReason { get; private set; }

    /// <summary>False when the rule cannot match a packet of an established connection on the network.</summary>
    public bool MatchesEstablished { get; set; } = true;

    /// <summary>The conditions that were not evaluated, as sentences.</summary>
    public List<string> NotEvaluated { get; } = [];

    /// <summary>The packets the rule may match.</summary>
    public PacketBox Box => new(Sources, Destinations, Ports, Protocols);

    /// <summary>True when the rule matches every packet: no address, port, protocol or unevaluated condition.</summary>
    public bool Unrestricted => NotEvaluated.Count == 0 && Sources.Equals(AddressSpace.Any) && Destinations.Equals(AddressSpace.Any)
        && Ports.Equals(PacketBox.AllPorts) && Protocols.Equals(PacketBox.AllProtocols);

    /// <summary>The reasons the rule was not evaluated, joined; null when it was.</summary>
    public string? NotEvaluatedReason => NotEvaluated.Count == 0 ? null : string.Join("; ", NotEvaluated);

    /// <summary>Records that the rule cannot match a new connection's first packet (the first reason is kept).</summary>
    public void NoNew(string reason) => NoNewReason ??= reason;

    /// <summary>Records that the rule matches neither new nor established packets on the network (loopback, IPv6).</summary>
    public void NoNetwork(string reason)
    {
        NoNew(reason);
        MatchesEstablished = false;
    }

    /// <summary>Applies the connection states a rule matches.</summary>
    public void States(ConntrackState states, string text)
    {
        if ((states & ConntrackState.Established) == 0)
        {
            MatchesEstablished = false;
        }

        if ((states & ConntrackState.New) != 0)
        {
            return;
        }

        if ((states & (ConntrackState.Snat | ConntrackState.Dnat)) != 0)
        {
            NotEvaluated.Add(text + ": a new connection's packet may be in state SNAT or DNAT, which depends on the nat table");
        }
        else
        {
            NoNew(text + " matches no new connection's first packet" + ((states & ConntrackState.Established) != 0 ? " (it lets replies through)" : ""));
        }
    }
}

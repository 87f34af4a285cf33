using System.Collections.Generic;

namespace Swp.Requirements.Coverage;

/// <summary>
/// A box of packets: every combination of a source address, a destination address, a
/// destination port and an IP protocol number drawn from four sets. What a flow needs is one
/// box (the source component's addresses × the destination's × the port × TCP or UDP); what a
/// rule matches is one box. Shared source.
/// </summary>
internal sealed class PacketBox
{
    /// <summary>Every port, 0–65535.</summary>
    public static readonly IntervalSet AllPorts = IntervalSet.Of(0, 65535);

    /// <summary>Every IP protocol number, 0–255.</summary>
    public static readonly IntervalSet AllProtocols = IntervalSet.Of(0, 255);

    /// <summary>Creates a box.</summary>
    public PacketBox(IntervalSet sources, IntervalSet destinations, IntervalSet ports, IntervalSet protocols)
    {
        Sources = sources;
        Destinations = destinations;
        Ports = ports;
        Protocols = protocols;
    }

    /// <summary>Every packet.</summary>
    public static PacketBox All { get; } = new(AddressSpace.Any, AddressSpace.Any, AllPorts, AllProtocols);

    /// <summary>Source addresses (see <see cref="AddressSpace"/>).</summary>
    public IntervalSet Sources { get; }

    /// <summary>Destination addresses (see <see cref="AddressSpace"/>).</summary>
    public IntervalSet Destinations { get; }

    /// <summary>Destination ports.</summary>
    public IntervalSet Ports { get; }

    /// <summary>IP protocol numbers (6 TCP, 17 UDP).</summary>
    public IntervalSet Protocols { get; }

    /// <summary>True when the box holds no packet.</summary>
    public bool IsEmpty => Sources.IsEmpty || Destinations.IsEmpty || Ports.IsEmpty || Protocols.IsEmpty;

    /// <summary>True when some packet is in both boxes.</summary>
    public bool Overlaps(PacketBox other) =>
        Ports.Overlaps(other.Ports) && Protocols.Overlaps(other.Protocols)
        && Destinations.Overlaps(other.Destinations) && Sources.Overlaps(other.Sources);

    /// <summary>The packets in both boxes.</summary>
    public PacketBox Intersect(PacketBox other) => new(
        Sources.Intersect(other.Sources), Destinations.Intersect(other.Destinations),
        Ports.Intersect(other.Ports), Protocols.Intersect(other.Protocols));

    /// <summary>This box with another protocol set.</summary>
    public PacketBox WithProtocols(IntervalSet protocols) => new(Sources, Destinations, Ports, protocols);

    /// <summary>
    /// The packets of this box that are not in <paramref name="other"/>, as at most four
    /// disjoint boxes: those outside it by source; else by destination; else by port; else by protocol.
    /// </summary>
    public void SubtractInto(PacketBox other, List<PacketBox> result)
    {
        if (!Overlaps(other))
        {
            result.Add(this);
            return;
        }

        IntervalSet sources = Sources.Intersect(other.Sources);
        IntervalSet destinations = Destinations.Intersect(other.Destinations);
        IntervalSet ports = Ports.Intersect(other.Ports);
        Add(result, new PacketBox(Sources.Subtract(other.Sources), Destinations, Ports, Protocols));
        Add(result, new PacketBox(sources, Destinations.Subtract(other.Destinations), Ports, Protocols));
        Add(result, new PacketBox(sources, destinations, Ports.Subtract(other.Ports), Protocols));
        Add(result, new PacketBox(sources, destinations, ports, Protocols.Subtract(other.Protocols)));
    }

    /// <inheritdoc/>
    public override string ToString() => $"src {Sources} dst {Destinations} port {Ports} proto {Protocols}";

    private static void Add(List<PacketBox> result, PacketBox box)
    {
        if (!box.IsEmpty)
        {
            result.Add(box);
        }
    }
}

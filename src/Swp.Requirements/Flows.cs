using System;

namespace Swp.Requirements;

/// <summary>
/// Queries over the compiled flow table of Trend Micro Server &amp; Workload Protection (see
/// <see cref="SpecInfo"/> for the source and version). Every flow is one destination port on one
/// IP protocol; relays carry every agent flow. Results are slices of tables sorted at build
/// time: no query allocates, and no query filters by condition (use <see cref="Deployment"/>).
/// </summary>
public static class Flows
{
    /// <summary>Every flow, whatever its conditions, sorted by source, destination, port, IP protocol.</summary>
    public static ReadOnlySpan<Flow> All => FlowTable.BySource;

    /// <summary>The flows a component opens, sorted by destination, port, IP protocol.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> is not a declared component.</exception>
    public static ReadOnlySpan<Flow> From(Component source) =>
        Slice(FlowTable.BySource, FlowTable.SourceStarts, (int)source, nameof(source));

    /// <summary>The flows a component listens for, sorted by source, port, IP protocol.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="destination"/> is not a declared component.</exception>
    public static ReadOnlySpan<Flow> To(Component destination) =>
        Slice(FlowTable.ByDestination, FlowTable.DestinationStarts, (int)destination, nameof(destination));

    /// <summary>The flows to a destination port (its default value), sorted by source, destination, IP protocol; empty when none.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1–65535.</exception>
    public static ReadOnlySpan<Flow> OnPort(int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A port is 1–65535.");
        }

        int index = Array.BinarySearch(FlowTable.Ports, port);
        return index < 0 ? default : Slice(FlowTable.ByPort, FlowTable.PortStarts, index, nameof(port));
    }

    /// <summary>Finds the flow from <paramref name="source"/> to <paramref name="destination"/> on a default port and IP protocol.</summary>
    /// <returns>True when the table has that flow.</returns>
    public static bool TryFind(Component source, Component destination, int port, IPProtocol ipProtocol, out Flow flow)
    {
        if ((uint)source < (uint)(FlowTable.SourceStarts.Length - 1))
        {
            foreach (Flow candidate in From(source))
            {
                if (candidate.Destination == destination && candidate.Port == port && candidate.IPProtocol == ipProtocol)
                {
                    flow = candidate;
                    return true;
                }
            }
        }

        flow = default;
        return false;
    }

    private static ReadOnlySpan<Flow> Slice(Flow[] flows, int[] starts, int index, string parameter)
    {
        if ((uint)index >= (uint)(starts.Length - 1))
        {
            throw new ArgumentOutOfRangeException(parameter, index, "Not a declared value.");
        }

        int start = starts[index];
        return new ReadOnlySpan<Flow>(flows, start, starts[index + 1] - start);
    }
}

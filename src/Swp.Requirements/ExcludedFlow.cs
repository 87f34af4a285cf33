using System;

namespace Swp.Requirements;

/// <summary>A required flow a firewall leaves out on purpose (a deployment file's <c>exclude</c>), and why.</summary>
public readonly struct ExcludedFlow
{
    /// <summary>
    /// Creates an exclusion of the table's flow number <paramref name="flowIndex"/> (an index
    /// into <see cref="Flows.All"/>), its port as <paramref name="deployment"/> uses it. The
    /// classes generated from deployment files call this.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flowIndex"/> is not an index into <see cref="Flows.All"/>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> is null.</exception>
    public ExcludedFlow(Deployment deployment, int flowIndex, string reason)
    {
        if ((uint)flowIndex >= (uint)FlowTable.BySource.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(flowIndex), flowIndex, "Not an index into Flows.All.");
        }

        Flow flow = FlowTable.BySource[flowIndex];
        Flow = flow.WithPort(deployment.PortOf(flow));
        Reason = reason ?? throw new ArgumentNullException(nameof(reason));
    }

    /// <summary>The flow, its port as the deployment uses it.</summary>
    public Flow Flow { get; }

    /// <summary>Why the firewall does not carry it.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Flow} excluded: {Reason}";
}

using System;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// Implementation 3: the generated tables, through the public Swp.Requirements API, computing
/// the same results as <see cref="RuntimeJsonSpec"/> and <see cref="StartupIndex"/>.
/// </summary>
public static class GeneratedQueries
{
    /// <summary>Flows from a source: count and port sum.</summary>
    public static (int Count, int PortSum) From(Component source) => Sum(Flows.From(source));

    /// <summary>Flows to a destination: count and port sum.</summary>
    public static (int Count, int PortSum) To(Component destination) => Sum(Flows.To(destination));

    /// <summary>The flows a deployment needs: count and port sum.</summary>
    public static (int Count, int PortSum) Deployment(in Deployment deployment)
    {
        int count = 0, sum = 0;
        foreach (Flow flow in deployment.Flows)
        {
            count++;
            sum += flow.Port;
        }

        return (count, sum);
    }

    private static (int Count, int PortSum) Sum(ReadOnlySpan<Flow> flows)
    {
        int sum = 0;
        foreach (ref readonly Flow flow in flows)
        {
            sum += flow.Port;
        }

        return (flows.Length, sum);
    }
}

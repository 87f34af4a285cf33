using System;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// <c>--first-answer generated|json|index|none</c>: start, answer one question (the flows an
/// agent opens: count and port sum, from the text ID "agent"), print it, exit. Timed from outside
/// (hyperfine) in fresh processes, this is the time to first answer, start-up included: for
/// "json" the file read, System.Text.Json (and its JIT), the expansion and the LINQ query; for
/// "generated" the parse of the ID and a slice of the compiled table. "none" prints a constant:
/// the cost of starting the .NET process at all, the floor under the other three.
/// This path never touches BenchmarkDotNet or Roslyn, so they are not loaded.
/// </summary>
public static class FirstAnswer
{
    /// <summary>Runs one mode; returns the process exit code.</summary>
    public static int Run(string mode)
    {
        const string Source = "agent";
        (int count, int sum) answer;
        switch (mode)
        {
            case "generated":
                answer = SwpIds.TryParseComponent(Source, out Component component) ? GeneratedQueries.From(component) : default;
                break;
            case "json":
                answer = RuntimeJsonSpec.Load(RuntimeJsonSpec.FindSpecPath()).From(Source);
                break;
            case "index":
                answer = new StartupIndex(RuntimeJsonSpec.Load(RuntimeJsonSpec.FindSpecPath())).From(Source);
                break;
            case "none":
                answer = (12, 0);
                break;
            default:
                Console.Error.WriteLine("usage: --first-answer generated|json|index|none");
                return 2;
        }

        Console.WriteLine($"{Source}: {answer.count} flows, port sum {answer.sum}");
        return 0;
    }
}

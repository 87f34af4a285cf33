using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// The generator's first run in a fresh process: each of the 10 launches is a new process that
/// runs <see cref="Swp.Requirements.Generators.RequirementsGenerator"/> once, so none of its code
/// has been compiled by the JIT yet: the case of a CI build, or of the first build after the
/// compiler server starts. Roslyn's own driver code is warmed up first with a trivial generator
/// (in a real build the compiler has been running already), so what is measured is this
/// generator's cold cost, JIT included. <see cref="GeneratorBenchmarks"/> (default job) is the
/// steady state: a compiler server that has run the generator many times.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 10, warmupCount: 0, iterationCount: 1, id: "ColdStart")]
public class GeneratorColdBenchmarks : GeneratorBenchmarkBase
{
    /// <summary>Builds the input and warms up Roslyn (not the generator under test).</summary>
    [GlobalSetup]
    public void ColdSetup()
    {
        Prepare();
        for (int i = 0; i < 3; i++)
        {
            Drive(new EchoGenerator()).GetRunResult();
        }
    }

    /// <summary>A trivial generator with the same shape of pipeline: it reads the spec's text and adds one source file.</summary>
    private sealed class EchoGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<int> lengths = context.AdditionalTextsProvider
                .Where(static f => Path.GetFileName(f.Path) == Swp.Requirements.Generators.RequirementsGenerator.SpecFileName)
                .Select(static (f, ct) => f.GetText(ct)?.Length ?? 0);
            context.RegisterSourceOutput(lengths.Collect(), static (spc, all) =>
                spc.AddSource("Echo.g.cs", $"namespace Echo {{ internal static class Length {{ public const int Value = {all.Length}; }} }}"));
        }
    }
}

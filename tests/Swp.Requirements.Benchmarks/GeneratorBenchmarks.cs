using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Generators;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// The generator's own cost: one full (non-incremental) run of the public
/// <see cref="RequirementsGenerator"/> in a <see cref="CSharpGeneratorDriver"/>, as the compiler
/// runs it in a clean build: read the spec's text, parse and validate it, and emit the eight
/// source files (Roslyn parses them later, when the compilation needs them: that cost is the
/// consumer's compile, reported apart by <see cref="GeneratorBenchmarks.Breakdown"/>). On the real
/// spec and on valid synthetic specs of 1,000, 5,000 and 10,000 flows, to show how the cost grows.
/// </summary>
public abstract class GeneratorBenchmarkBase
{
    private CSharpCompilation _compilation = null!;
    private AdditionalText[] _spec = [];

    /// <summary>Parse options of the generated trees.</summary>
    protected CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>"real" is spec/swp-requirements.json; a number is a synthetic spec of that many flows.</summary>
    [Params("real", "1000", "5000", "10000")]
    public string Spec { get; set; } = "real";

    /// <summary>One clean run of the generator over the spec.</summary>
    [Benchmark]
    public int RunGenerator() => Drive().GetRunResult().GeneratedTrees.Length;

    /// <summary>Builds the spec text and an empty consumer compilation; returns the number of flows the table must have.</summary>
    protected int Prepare()
    {
        (string text, int expectedFlows) = Spec == "real"
            ? (File.ReadAllText(RuntimeJsonSpec.FindSpecPath()), Flows.All.Length)
            : (SyntheticSpec.Create(int.Parse(Spec, System.Globalization.CultureInfo.InvariantCulture)), int.Parse(Spec, System.Globalization.CultureInfo.InvariantCulture));
        _spec = [new InMemoryText("/spec/" + RequirementsGenerator.SpecFileName, text)];
        _compilation = CSharpCompilation.Create("Consumer", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return expectedFlows;
    }

    /// <summary>A new driver (no cached state) with a new <see cref="RequirementsGenerator"/>, run once.</summary>
    protected GeneratorDriver Drive() => Drive(new RequirementsGenerator());

    /// <summary>A new driver (no cached state) with <paramref name="generator"/>, run once over the spec.</summary>
    protected GeneratorDriver Drive(IIncrementalGenerator generator)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [generator.AsSourceGenerator()],
            additionalTexts: _spec,
            parseOptions: ParseOptions);
        return driver.RunGenerators(_compilation, CancellationToken.None);
    }
}

/// <summary>The generator in steady state (a compiler server that has run it many times), checked before it is timed.</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks : GeneratorBenchmarkBase
{
    /// <summary>Builds the input once and checks that the generator compiles it without a diagnostic.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int expectedFlows = Prepare();
        GeneratorDriverRunResult result = Drive().GetRunResult();
        if (result.Diagnostics.Length != 0 || result.GeneratedTrees.Length != 8)
        {
            throw new InvalidOperationException($"The generator did not compile the {Spec} spec cleanly: "
                + string.Join("; ", result.Diagnostics.Select(d => d.ToString())));
        }

        // The table is written once (BySource); the other orders are indexes into it.
        string table = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("FlowTable.g.cs", StringComparison.Ordinal)).GetText().ToString();
        int rows = CountOf(table, "new global::Swp.Requirements.Flow(");
        if (rows != expectedFlows)
        {
            throw new InvalidOperationException($"The {Spec} spec compiled to {rows} flows, not {expectedFlows}.");
        }
    }

    /// <summary>
    /// Where one run's time goes, best of <paramref name="runs"/> warm runs, in CPU time of the
    /// process (every thread; robust on a machine shared with other work): the whole driver run;
    /// the generator's own time as the driver reports it (wall time: the figure
    /// -p:ReportAnalyzer=true prints in a build); and, separately, the CPU time Roslyn takes to
    /// parse the emitted text (<paramref name="runs"/> fresh parses of the same text), with the
    /// emitted size in characters.
    /// </summary>
    public (double TotalMs, double GeneratorMs, double ParseOutputMs, long OutputChars) Breakdown(int runs)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        double total = double.MaxValue, generator = double.MaxValue, parse = double.MaxValue;
        string[] outputs = [];
        for (int i = 0; i < runs; i++)
        {
            process.Refresh();
            TimeSpan start = process.TotalProcessorTime;
            GeneratorDriver driver = Drive();
            process.Refresh();
            total = Math.Min(total, (process.TotalProcessorTime - start).TotalMilliseconds);
            generator = Math.Min(generator, driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
            outputs = [.. driver.GetRunResult().GeneratedTrees.Select(t => t.GetText().ToString())];
        }

        for (int i = 0; i < runs; i++)
        {
            process.Refresh();
            TimeSpan start = process.TotalProcessorTime;
            foreach (string output in outputs)
            {
                _ = CSharpSyntaxTree.ParseText(output, ParseOptions).GetRoot();
            }

            process.Refresh();
            parse = Math.Min(parse, (process.TotalProcessorTime - start).TotalMilliseconds);
        }

        return (total, generator, parse, outputs.Sum(o => (long)o.Length));
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

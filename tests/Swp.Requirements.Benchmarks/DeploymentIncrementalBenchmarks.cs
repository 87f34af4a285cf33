using System;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Swp.Requirements.Generators;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// Scale in the IDE (issue 9): a project with 100 or 1,000 deployment files in which one file is
/// edited. <see cref="OneFileEdit"/> is the incremental run the IDE makes after each edit: one
/// file's text changes (alternately to and from another region, so every run sees a real
/// change), <see cref="DeploymentGenerator"/> re-checks that file and re-emits its class; every
/// other file's steps are cached (DeploymentScaleCachingTests proves which). <see cref="NoEdit"/>
/// is a run with nothing changed (the floor: Roslyn's own walk over the cached pipeline), and
/// <see cref="AllFiles"/> a run of a new driver over every file (a clean build), for scale.
/// </summary>
[MemoryDiagnoser]
public class DeploymentIncrementalBenchmarks
{
    private const string Text = """
        {
          "region": "germany",
          "addresses": { "agent": ["10.20.0.0/16"] },
          "allow": [
            { "source": "any", "destination": "dns-server", "ports": [53], "protocol": "udp" },
            { "source": "any", "destination": "ntp-server", "ports": [123], "protocol": "udp" },
            { "source": "administrator-computer", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" },
            { "source": "agent", "destination": "server-workload-protection", "ports": [443], "protocol": "tcp" },
            { "source": "agent", "destination": "smart-protection-network", "ports": [80, 443], "protocol": "tcp" }
          ]
        }

        """;

    private readonly CSharpCompilation _compilation = CSharpCompilation.Create("Consumer", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    private AdditionalText[] _files = [];
    private AdditionalText[] _edited = [];
    private GeneratorDriver _driver = null!;
    private int _edits;

    /// <summary>How many deployment files the project has.</summary>
    [Params(100, 1000)]
    public int Files { get; set; } = 100;

    /// <summary>Makes the files (in four folders, so names clash and take the folder's name), runs the generator once, checks the output.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _files = [.. Enumerable.Range(0, Files).Select(i => (AdditionalText)new InMemoryText(
            $"/repo/deploy/site{i % 4}/app{i / 4}.swp.json", Text.Replace("10.20.0.0/16", $"10.{i % 200}.{i / 200}.0/24", StringComparison.Ordinal)))];
        int target = Files / 2;
        _edited = [_files[target], new InMemoryText(_files[target].Path, _files[target].GetText()!.ToString().Replace("germany", "japan", StringComparison.Ordinal))];
        _driver = CSharpGeneratorDriver.Create([new DeploymentGenerator().AsSourceGenerator()], additionalTexts: _files).RunGenerators(_compilation, CancellationToken.None);
        GeneratorDriverRunResult result = _driver.GetRunResult();
        if (result.GeneratedTrees.Length != Files || result.Diagnostics.Any(d => d.Severity > DiagnosticSeverity.Info))
        {
            throw new InvalidOperationException($"{Files} files: {result.GeneratedTrees.Length} classes; " + string.Join("; ", result.Diagnostics.Take(3)));
        }

        // Each edit must reach the output, or the benchmark would time a run that changed nothing.
        OneFileEdit();
        CheckRegions(japan: 1);
        OneFileEdit();
        CheckRegions(japan: 0);
    }

    private void CheckRegions(int japan)
    {
        int found = _driver.GetRunResult().GeneratedTrees.Count(t => t.ToString().Contains("Region.Japan", StringComparison.Ordinal));
        if (found != japan)
        {
            throw new InvalidOperationException($"{Files} files: {found} classes in Japan after the edit, expected {japan}");
        }
    }

    /// <summary>Edit one file (to and from another region, alternately) and run the generator incrementally.</summary>
    [Benchmark]
    public int OneFileEdit()
    {
        AdditionalText from = _edited[_edits & 1];
        AdditionalText to = _edited[(_edits + 1) & 1];
        _edits++;
        _driver = _driver.ReplaceAdditionalText(from, to).RunGenerators(_compilation, CancellationToken.None);
        return _edits;
    }

    /// <summary>Run the generator again with nothing changed.</summary>
    [Benchmark]
    public int NoEdit()
    {
        _driver = _driver.RunGenerators(_compilation, CancellationToken.None);
        return _edits;
    }

    /// <summary>A new driver over every file: what a clean build does.</summary>
    [Benchmark]
    public int AllFiles() =>
        CSharpGeneratorDriver.Create([new DeploymentGenerator().AsSourceGenerator()], additionalTexts: _files)
            .RunGenerators(_compilation, CancellationToken.None).GetRunResult().GeneratedTrees.Length;
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Swp.Requirements.Generators;

namespace Swp.Requirements.Benchmarks;

/// <summary>
/// Issue 8: checking a deployment against 1,000 and 10,000 allow rules, every required flow,
/// with the one coverage engine. Two paths: the public <see cref="RuleSet"/> API (rules in
/// memory), and the build's: a <c>*.swp.json</c> file with the same rules through
/// <see cref="DeploymentGenerator"/> in a new <see cref="CSharpGeneratorDriver"/> (read and parse
/// the JSON, resolve and check every flow, emit the class). Layouts: <see cref="RuleScenario"/>.
/// </summary>
[MemoryDiagnoser]
public class RuleCoverageBenchmarks
{
    private RuleScenario _scenario = null!;
    private AdditionalText[] _file = [];
    private CSharpCompilation _compilation = null!;

    /// <summary>See <see cref="RuleScenario"/>.</summary>
    [Params("per-subnet", "per-subnet-shuffled", "shared")]
    public string Layout { get; set; } = "per-subnet";

    /// <summary>How many allow rules.</summary>
    [Params(1000, 10000)]
    public int Rules { get; set; } = 1000;

    /// <summary>Builds the scenario and checks that both paths find every required flow allowed (the file: only its info summary, which says so).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _scenario = RuleScenario.Create(Layout, Rules);
        _file = [new InMemoryText("/deploy/prod.swp.json", _scenario.FileText)];
        _compilation = CSharpCompilation.Create("Consumer", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Verify(_scenario);
        GeneratorDriverRunResult result = Drive().GetRunResult();
        int allowed = _scenario.Rules.Check(_scenario.Deployment).Count(c => c.IsAllowed);
        string summary = $"Rules checked: {allowed} required flow(s) evaluated, {allowed} allowed;";
        if (result.Diagnostics.Any(d => d.Severity != DiagnosticSeverity.Info)
            || !result.Diagnostics.Any(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith(summary, StringComparison.Ordinal))
            || result.GeneratedTrees.Length != 1)
        {
            throw new InvalidOperationException($"The {Layout} file with {Rules} rules does not check cleanly: "
                + string.Join("; ", result.Diagnostics.Take(5).Select(d => d.ToString())));
        }
    }

    /// <summary>Throws unless every required network flow is allowed (the loopback flow is host-only).</summary>
    public static void Verify(RuleScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        IReadOnlyList<FlowCoverage> results = scenario.Rules.Check(scenario.Deployment);
        FlowCoverage[] wrong = [.. results.Where(c => c.Status is not (CoverageStatus.Allowed or CoverageStatus.HostOnly))];
        if (wrong.Length != 0 || results.Count(c => c.IsAllowed) < 20)
        {
            throw new InvalidOperationException($"{scenario.Rules.Rules.Count} rules: not every flow is allowed: " + string.Join("; ", wrong.Take(5)));
        }
    }

    /// <summary>RuleSet.Check: every required flow of the deployment against every rule.</summary>
    [Benchmark]
    public int RuleSetCheck()
    {
        int allowed = 0;
        foreach (FlowCoverage coverage in _scenario.Rules.Check(_scenario.Deployment))
        {
            allowed += coverage.IsAllowed ? 1 : 0;
        }

        return allowed;
    }

    /// <summary>The deployment file through DeploymentGenerator: parse, check, emit (one new driver, no cached state).</summary>
    [Benchmark]
    public int DeploymentFile() => Drive().GetRunResult().GeneratedTrees.Length;

    private GeneratorDriver Drive() =>
        CSharpGeneratorDriver.Create([new DeploymentGenerator().AsSourceGenerator()], additionalTexts: _file)
            .RunGenerators(_compilation, CancellationToken.None);
}

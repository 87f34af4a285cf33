using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// Scale in the IDE (issue 9): with many deployment files, editing one re-checks that file and
/// re-emits that file's class only. Step tracking shows every other file's steps Cached or
/// Unchanged and every other file's class Cached; class names, which depend on the set of file names,
/// are not recomputed by an edit of a file's text. (The time of such a run at 100 and 1,000 files
/// is in tests/Swp.Requirements.Benchmarks, DeploymentIncrementalBenchmarks.)
/// </summary>
public class DeploymentScaleCachingTests
{
    private const int FileCount = 120;

    private static readonly GeneratorDriverOptions s_tracking = new(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

    private static readonly IncrementalStepRunReason[] s_cachedOrUnchanged = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    /// <summary>Files in a few folders, so that some share a file name (their classes take the folder's name).</summary>
    private static InMemoryAdditionalText[] Files() =>
    [
        .. Enumerable.Range(0, FileCount).Select(i => new InMemoryAdditionalText(
            DeploymentHarness.PathOf($"deploy/site{i % 4}/app{i / 4}.swp.json"),
            DeploymentTexts.Baseline.Replace("10.20.0.0/16", $"10.{i % 200}.0.0/16", StringComparison.Ordinal))),
    ];

    [Fact]
    public void Editing_one_of_many_files_reemits_only_that_files_class()
    {
        InMemoryAdditionalText[] files = Files();
        GeneratorDriver driver = DeploymentHarness.CreateDriver(files, s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Equal(FileCount, first.GeneratedSources.Length);
        Assert.Contains(first.GeneratedSources, s => s.HintName == "Deployments.Site0App0.g.cs");

        InMemoryAdditionalText target = files[37];
        var edited = new InMemoryAdditionalText(target.Path, target.GetText().ToString().Replace("germany", "japan", StringComparison.Ordinal));
        GeneratorRunResult second = driver.ReplaceAdditionalText(target, edited).RunGenerators(DeploymentHarness.ConsumerCompilation).GetRunResult().Results.Single();

        // The per-file steps: the edited file's are Modified, every other file's Cached or Unchanged.
        foreach (string step in new[] { TrackingNames.DeploymentFiles, TrackingNames.DeploymentResults, TrackingNames.DeploymentOutputs })
        {
            ImmutableArray<(object Value, IncrementalStepRunReason Reason)> outputs = CachingTests.Outputs(second, step);
            Assert.Equal(FileCount, outputs.Length);
            Assert.Single(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Equal(FileCount - 1, outputs.Count(o => s_cachedOrUnchanged.Contains(o.Reason)));
        }

        Assert.Equal(IncrementalStepRunReason.Modified, Reason(second, TrackingNames.DeploymentResults, o => ((DeploymentResult)o).Path == edited.Path));
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(second, TrackingNames.DeploymentOutputs, o => ((ValueTuple<DeploymentResult, string>)o).Item1.Path == edited.Path));

        // The class names: the paths did not change, so neither did the names.
        Assert.All(CachingTests.Outputs(second, TrackingNames.DeploymentPaths), o => Assert.Contains(o.Reason, s_cachedOrUnchanged));
        Assert.All(CachingTests.Outputs(second, TrackingNames.DeploymentClassNames), o => Assert.Contains(o.Reason, s_cachedOrUnchanged));

        // The outputs: one per file (its class and its diagnostics). The edited file's is
        // re-emitted; every other file's is Cached (Roslyn replays its class and its diagnostics).
        IncrementalGeneratorRunStep[] outputSteps = [.. second.TrackedOutputSteps.SelectMany(s => s.Value)];
        (object Value, IncrementalStepRunReason Reason)[] emitted = [.. outputSteps.SelectMany(s => s.Outputs)];
        Assert.Equal(FileCount, emitted.Length);
        Assert.Single(emitted, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(FileCount - 1, emitted.Count(o => o.Reason == IncrementalStepRunReason.Cached));

        // Every file's diagnostic (each has its check summary) is still reported, the edited one's anew.
        Assert.Equal(FileCount, second.Diagnostics.Length);
        Assert.Equal(first.Diagnostics.Select(d => d.Location.GetLineSpan().Path).Order(StringComparer.Ordinal), second.Diagnostics.Select(d => d.Location.GetLineSpan().Path).Order(StringComparer.Ordinal));

        // The same classes, one with the new region.
        Dictionary<string, string> before = first.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Dictionary<string, string> after = second.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        string changed = Assert.Single(before.Keys, k => before[k] != after[k]);
        Assert.Equal("Deployments.Site1App9.g.cs", changed); // file 37: site 37 % 4 = 1, app 37 / 4 = 9
        Assert.Contains("global::Swp.Requirements.Region.Japan", after[changed], StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_a_file_renames_only_through_the_class_names_and_checks_only_the_new_file()
    {
        InMemoryAdditionalText[] files = Files();
        GeneratorDriver driver = DeploymentHarness.CreateDriver(files, s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);

        // A new file whose name is new: no other class changes name, and no other file is checked again.
        var added = new InMemoryAdditionalText(DeploymentHarness.PathOf("deploy/extra.swp.json"), DeploymentTexts.Baseline);
        GeneratorRunResult result = driver.AddAdditionalTexts([added]).RunGenerators(DeploymentHarness.ConsumerCompilation).GetRunResult().Results.Single();
        ImmutableArray<(object Value, IncrementalStepRunReason Reason)> results = CachingTests.Outputs(result, TrackingNames.DeploymentResults);
        Assert.Single(results, o => o.Reason == IncrementalStepRunReason.New);
        Assert.Equal(FileCount, results.Count(o => s_cachedOrUnchanged.Contains(o.Reason)));
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Deployments.Extra.g.cs");
        Assert.Equal(FileCount + 1, result.GeneratedSources.Length);

        // The names were recomputed (the set of paths changed) but came out the same for every other file.
        Assert.Equal(FileCount, CachingTests.Outputs(result, TrackingNames.DeploymentOutputs).Count(o => s_cachedOrUnchanged.Contains(o.Reason)));
    }

    private static IncrementalStepRunReason Reason(GeneratorRunResult result, string step, Func<object, bool> which) =>
        CachingTests.Outputs(result, step).Single(o => which(o.Value)).Reason;
}

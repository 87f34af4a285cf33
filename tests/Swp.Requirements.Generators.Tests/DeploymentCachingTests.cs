using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// The deployment pipeline is incremental: a .cs edit re-parses no deployment file, editing one
/// file re-runs that file's step only, and no step output keeps compiler objects alive.
/// </summary>
public class DeploymentCachingTests
{
    private static readonly string[] s_steps = [TrackingNames.DeploymentFiles, TrackingNames.DeploymentResults];

    private static readonly GeneratorDriverOptions s_tracking = new(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

    private static readonly IncrementalStepRunReason[] s_cachedOrUnchanged = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    /// <summary>The baseline in the USA, for the agent's firewall only, which leaves NTP out.</summary>
    private static readonly string s_us = DeploymentTexts.Baseline
        .Replace("germany", "usa", StringComparison.Ordinal)
        .Replace("  \"allow\"", "  \"scope\": [\"agent\"],\n  \"exclude\": [{ \"flow\": \"agent->ntp-server 123/udp\", \"reason\": \"Time from the hypervisor\" }],\n  \"allow\"", StringComparison.Ordinal);

    /// <summary>Four files: two that share a name (one with scope and exclude), Frankfurt (ports and addresses), and one that is not JSON.</summary>
    private static InMemoryAdditionalText[] Files() =>
    [
        new(DeploymentHarness.PathOf("deploy/eu/prod.swp.json"), DeploymentTexts.Baseline),
        new(DeploymentHarness.PathOf("deploy/us/prod.swp.json"), s_us),
        new(DeploymentHarness.FrankfurtPath, DeploymentHarness.FrankfurtText),
        new(DeploymentHarness.PathOf("deploy/broken.swp.json"), "{\n  \"region\": \"germany\",\n  \"conditions\": [\"siem\",]\n}\n"),
    ];

    [Fact]
    public void An_unrelated_cs_edit_leaves_every_deployment_step_cached()
    {
        GeneratorDriver driver = DeploymentHarness.CreateDriver(Files(), s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        AssertReasons(first, IncrementalStepRunReason.New);
        Assert.Equal(4, first.GeneratedSources.Length); // the file that is not JSON gets an empty class
        Assert.Equal(["SWP1001", "SWP1020", "SWP1022", "SWP1022", "SWP1022"], first.Diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));

        SyntaxTree unrelated = CSharpSyntaxTree.ParseText("namespace Consumer;\n\ninternal static class Unrelated\n{\n}\n", Harness.ParseOptions);
        CSharpCompilation added = DeploymentHarness.ConsumerCompilation.AddSyntaxTrees(unrelated);
        driver = driver.RunGenerators(added);
        GeneratorRunResult second = driver.GetRunResult().Results.Single();
        AssertReasons(second, s_cachedOrUnchanged);
        AssertOutputsCached(second);
        Assert.Equal(Texts(first), Texts(second));
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));

        SyntaxTree edit = unrelated.WithChangedText(unrelated.GetText().WithChanges(new TextChange(new TextSpan(0, 0), "// an edit\n")));
        GeneratorRunResult third = driver.RunGenerators(added.ReplaceSyntaxTree(unrelated, edit)).GetRunResult().Results.Single();
        AssertReasons(third, s_cachedOrUnchanged);
        AssertOutputsCached(third);
    }

    [Fact]
    public void Running_again_with_nothing_changed_leaves_every_deployment_step_cached()
    {
        GeneratorDriver driver = DeploymentHarness.CreateDriver(Files(), s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        GeneratorRunResult second = driver.RunGenerators(DeploymentHarness.ConsumerCompilation).GetRunResult().Results.Single();
        AssertReasons(second, s_cachedOrUnchanged);
        AssertOutputsCached(second);
        Assert.Equal(Texts(first), Texts(second));
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Editing_one_deployment_file_reruns_only_that_files_result()
    {
        InMemoryAdditionalText[] files = Files();
        GeneratorDriver driver = DeploymentHarness.CreateDriver(files, s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);
        Dictionary<string, string> before = Texts(driver.GetRunResult().Results.Single());

        var edited = new InMemoryAdditionalText(files[0].Path, DeploymentTexts.Baseline.Replace("germany", "japan", StringComparison.Ordinal));
        GeneratorRunResult result = driver.ReplaceAdditionalText(files[0], edited).RunGenerators(DeploymentHarness.ConsumerCompilation).GetRunResult().Results.Single();

        ImmutableArray<(object Value, IncrementalStepRunReason Reason)> results = CachingTests.Outputs(result, TrackingNames.DeploymentResults);
        Assert.Equal(files.Length, results.Length);
        foreach ((object value, IncrementalStepRunReason reason) in results)
        {
            var deployment = (DeploymentResult)value;
            if (deployment.Path == edited.Path)
            {
                Assert.Equal(IncrementalStepRunReason.Modified, reason);
            }
            else
            {
                Assert.Contains(reason, s_cachedOrUnchanged);
            }
        }

        Assert.Single(results, r => r.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(CachingTests.Outputs(result, TrackingNames.DeploymentFiles), r => r.Reason == IncrementalStepRunReason.Modified);

        Dictionary<string, string> after = Texts(result);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Deployments.EuProd.g.cs"], before.Keys.Where(k => before[k] != after[k]));
        Assert.Contains("global::Swp.Requirements.Region.Japan", after["Deployments.EuProd.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_whitespace_edit_that_moves_no_diagnostic_reads_the_file_again_but_emits_nothing_new()
    {
        // DeploymentResult is compared by value. Frankfurt's only diagnostic is its summary (SWP1022),
        // at "allow": whitespace added after it moves no position, so the result is equal.
        InMemoryAdditionalText[] files = Files();
        GeneratorDriver driver = DeploymentHarness.CreateDriver(files, s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);
        string text = files[2].GetText().ToString();
        int allow = text.IndexOf("\"allow\"", StringComparison.Ordinal);
        var reindented = new InMemoryAdditionalText(files[2].Path, text[..allow] + text[allow..].Replace("\n", "\n  ", StringComparison.Ordinal));
        GeneratorRunResult result = driver.ReplaceAdditionalText(files[2], reindented).RunGenerators(DeploymentHarness.ConsumerCompilation).GetRunResult().Results.Single();

        Assert.Single(CachingTests.Outputs(result, TrackingNames.DeploymentFiles), r => r.Reason == IncrementalStepRunReason.Modified);
        ImmutableArray<(object Value, IncrementalStepRunReason Reason)> results = CachingTests.Outputs(result, TrackingNames.DeploymentResults);
        Assert.Single(results, r => r.Reason == IncrementalStepRunReason.Unchanged && ((DeploymentResult)r.Value).Path == DeploymentHarness.FrankfurtPath);
        Assert.All(results, r => Assert.Contains(r.Reason, s_cachedOrUnchanged));
        AssertOutputsCached(result);
    }

    [Fact]
    public void A_whitespace_edit_that_moves_the_summary_is_a_modified_result()
    {
        // The counter-check of the test above: the summary's position is part of the result.
        InMemoryAdditionalText[] files = Files();
        GeneratorDriver driver = DeploymentHarness.CreateDriver(files, s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);
        var reindented = new InMemoryAdditionalText(files[2].Path, files[2].GetText().ToString().Replace("\n", "\n  ", StringComparison.Ordinal));
        GeneratorRunResult result = driver.ReplaceAdditionalText(files[2], reindented).RunGenerators(DeploymentHarness.ConsumerCompilation).GetRunResult().Results.Single();
        ImmutableArray<(object Value, IncrementalStepRunReason Reason)> results = CachingTests.Outputs(result, TrackingNames.DeploymentResults);
        Assert.Single(results, r => r.Reason == IncrementalStepRunReason.Modified && ((DeploymentResult)r.Value).Path == DeploymentHarness.FrankfurtPath);
    }

    [Fact]
    public void Compiling_one_text_twice_gives_equal_results()
    {
        DeploymentResult a = DeploymentHarness.Compile(DeploymentHarness.FrankfurtText);
        DeploymentResult b = DeploymentHarness.Compile(DeploymentHarness.FrankfurtText);
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Contains("3128", DeploymentHarness.FrankfurtText, StringComparison.Ordinal);
        Assert.NotEqual(a, DeploymentHarness.Compile(DeploymentHarness.FrankfurtText.Replace("3128", "3129", StringComparison.Ordinal)));
    }

    [Fact]
    public void No_step_output_holds_a_compilation_a_symbol_a_syntax_node_or_a_location()
    {
        GeneratorDriver driver = DeploymentHarness.CreateDriver(Files(), s_tracking).RunGenerators(DeploymentHarness.ConsumerCompilation);
        driver = driver.RunGenerators(DeploymentHarness.ConsumerCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class C { }", Harness.ParseOptions)));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        // The first step passes the AdditionalText itself on (it is the input); from the second on, plain data only.
        Assert.All(CachingTests.Outputs(result, TrackingNames.DeploymentFiles), o => Assert.IsType<InMemoryAdditionalText>(o.Value));
        var seen = new List<object>();
        foreach ((object value, IncrementalStepRunReason _) in CachingTests.Outputs(result, TrackingNames.DeploymentResults))
        {
            CachingTests.Walk(value, seen, depth: 0);
        }

        // The walk reached every part of the model, so it looked where such objects would hide.
        string[] types = [.. seen.Select(o => o.GetType().Name).Distinct()];
        Assert.Contains("DeploymentResult", types);
        Assert.Contains("DeploymentModel", types);
        Assert.Contains("PortOverrideItem", types);
        Assert.Contains("AddressItem", types);
        Assert.Contains("ExclusionItem", types);
        Assert.Contains("DiagnosticInfo", types);
        Assert.Contains(seen, o => o is DeploymentModel { Scope.Count: 1 });
        Assert.DoesNotContain(seen, o => o is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel or Diagnostic or Location or SourceText or AdditionalText);
    }

    private static void AssertReasons(GeneratorRunResult result, params IncrementalStepRunReason[] allowed)
    {
        foreach (string step in s_steps)
        {
            ImmutableArray<(object Value, IncrementalStepRunReason Reason)> outputs = CachingTests.Outputs(result, step);
            Assert.Equal(4, outputs.Length);
            Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
        }
    }

    private static void AssertOutputsCached(GeneratorRunResult result)
    {
        IncrementalGeneratorRunStep[] outputSteps = [.. result.TrackedOutputSteps.SelectMany(s => s.Value)];
        Assert.NotEmpty(outputSteps);
        Assert.All(outputSteps.SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    private static Dictionary<string, string> Texts(GeneratorRunResult result) =>
        result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
}

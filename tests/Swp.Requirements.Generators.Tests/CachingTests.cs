using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>The incremental pipeline: a .cs edit re-runs nothing, and no step keeps compiler objects alive.</summary>
public class CachingTests
{
    private static readonly string[] s_ourSteps = [TrackingNames.SpecFiles, TrackingNames.SpecResults];

    private static readonly GeneratorDriverOptions s_tracking = new(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

    [Fact]
    public void Adding_an_unrelated_syntax_tree_leaves_every_step_cached()
    {
        GeneratorDriver driver = Harness.CreateDriver([new InMemoryAdditionalText(Repo.SpecPath, Repo.SpecText)], s_tracking);
        driver = driver.RunGenerators(Harness.RuntimeCompilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        AssertReasons(first, IncrementalStepRunReason.New);
        Assert.Equal(Harness.ExpectedHintNames.Length, first.GeneratedSources.Length);

        CSharpCompilation edited = Harness.RuntimeCompilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Swp.Requirements;\n\ninternal static class Unrelated\n{\n}\n", Harness.ParseOptions));
        driver = driver.RunGenerators(edited);
        GeneratorRunResult second = driver.GetRunResult().Results.Single();
        AssertReasons(second, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(Texts(first), Texts(second));
    }

    [Fact]
    public void Running_again_with_nothing_changed_leaves_every_step_cached()
    {
        GeneratorDriver driver = Harness.CreateDriver([new InMemoryAdditionalText(Repo.SpecPath, Repo.SpecText)], s_tracking);
        driver = driver.RunGenerators(Harness.RuntimeCompilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        driver = driver.RunGenerators(Harness.RuntimeCompilation);
        GeneratorRunResult second = driver.GetRunResult().Results.Single();
        AssertReasons(second, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(Texts(first), Texts(second));
        Assert.Equal(Harness.ExpectedHintNames.Order(System.StringComparer.Ordinal), Texts(second).Keys.Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void Editing_a_runtime_source_file_leaves_every_step_cached()
    {
        GeneratorDriver driver = Harness.CreateDriver([new InMemoryAdditionalText(Repo.SpecPath, Repo.SpecText)], s_tracking);
        driver = driver.RunGenerators(Harness.RuntimeCompilation);
        SyntaxTree flow = Harness.RuntimeTrees.Single(t => System.IO.Path.GetFileName(t.FilePath) == "Flow.cs");
        SyntaxTree edit = flow.WithChangedText(flow.GetText().WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(new(0, 0), "// an edit\n")));
        driver = driver.RunGenerators(Harness.RuntimeCompilation.ReplaceSyntaxTree(flow, edit));
        AssertReasons(driver.GetRunResult().Results.Single(), IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void A_whitespace_edit_of_the_spec_reparses_but_emits_nothing_new()
    {
        // SpecResult is compared by value: equal content means the output step is skipped.
        var original = new InMemoryAdditionalText(Repo.SpecPath, Repo.SpecText);
        GeneratorDriver driver = Harness.CreateDriver([original], s_tracking).RunGenerators(Harness.RuntimeCompilation);
        driver = driver.ReplaceAdditionalText(original, new InMemoryAdditionalText(Repo.SpecPath, Repo.SpecText.Replace("\n", "\n  ", System.StringComparison.Ordinal)));
        GeneratorRunResult result = driver.RunGenerators(Harness.RuntimeCompilation).GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(result, TrackingNames.SpecFiles)).Reason);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(Outputs(result, TrackingNames.SpecResults)).Reason);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void A_content_edit_of_the_spec_is_seen_as_modified()
    {
        // The counter-check: the tracking would show a step that ran again.
        var original = new InMemoryAdditionalText(Repo.SpecPath, Repo.SpecText);
        GeneratorDriver driver = Harness.CreateDriver([original], s_tracking).RunGenerators(Harness.RuntimeCompilation);
        string changed = SpecEdit.Replace(Repo.SpecText, "\"description\": \"Receives forwarded events.\"", "\"description\": \"Receives the forwarded events.\"");
        driver = driver.ReplaceAdditionalText(original, new InMemoryAdditionalText(Repo.SpecPath, changed));
        GeneratorRunResult result = driver.RunGenerators(Harness.RuntimeCompilation).GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(result, TrackingNames.SpecResults)).Reason);
        Assert.Contains("Receives the forwarded events.", Texts(result)["Component.g.cs"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void Files_with_another_name_are_not_read_and_the_name_match_ignores_case()
    {
        GeneratorDriver driver = Harness.CreateDriver(
            [
                new InMemoryAdditionalText("/elsewhere/other.json", Repo.SpecText),
                new InMemoryAdditionalText("/elsewhere/SWP-Requirements.JSON", Repo.SpecText),
            ],
            s_tracking).RunGenerators(Harness.RuntimeCompilation);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Equal("/elsewhere/SWP-Requirements.JSON", ((AdditionalText)Assert.Single(Outputs(result, TrackingNames.SpecFiles)).Value).Path);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(Harness.ExpectedHintNames.Length, result.GeneratedSources.Length);
    }

    [Fact]
    public void No_step_output_holds_a_compilation_a_symbol_or_a_syntax_node()
    {
        GeneratorDriver driver = Harness.CreateDriver([new InMemoryAdditionalText(Repo.SpecPath, Repo.SpecText)], s_tracking);
        driver = driver.RunGenerators(Harness.RuntimeCompilation);
        driver = driver.RunGenerators(Harness.RuntimeCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class C { }", Harness.ParseOptions)));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        var seen = new List<object>();
        foreach (string step in s_ourSteps)
        {
            foreach ((object value, IncrementalStepRunReason _) in Outputs(result, step))
            {
                Walk(value, seen, depth: 0);
            }
        }

        foreach ((object value, IncrementalStepRunReason _) in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
        {
            Walk(value, seen, depth: 0);
        }

        // The walk reached the compiled model, so it looked where such objects would hide.
        string[] types = [.. seen.Select(o => o.GetType().Name).Distinct()];
        Assert.Contains("SpecResult", types);
        Assert.Contains("FlowRow", types);
        Assert.Contains("SourceInfo", types);
        Assert.Contains("SubnetItem", types);
        Assert.Contains("NamedPortItem", types);
        Assert.Contains("DomainItem", types);
        Assert.DoesNotContain(seen, o => o is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel);
    }

    [Fact]
    public void The_walk_finds_a_compilation_hidden_in_a_tuple_and_an_array()
    {
        var seen = new List<object>();
        Walk((1, ImmutableArray.Create<object>("x", Harness.RuntimeCompilation)), seen, depth: 0);
        Assert.Contains(seen, o => o is Compilation);
    }

    private static void AssertReasons(GeneratorRunResult result, params IncrementalStepRunReason[] allowed)
    {
        foreach (string step in s_ourSteps)
        {
            ImmutableArray<(object Value, IncrementalStepRunReason Reason)> outputs = Outputs(result, step);
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
        }
    }

    internal static ImmutableArray<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step)
    {
        Assert.True(result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> steps), "no step named " + step);
        return [.. steps.SelectMany(s => s.Outputs)];
    }

    /// <summary>Collects the value and everything inside it: tuples, collections, and the properties of the generator's own types.</summary>
    internal static void Walk(object? value, List<object> seen, int depth)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 20)
        {
            return;
        }

        seen.Add(value);
        switch (value)
        {
            case ITuple tuple:
                for (int i = 0; i < tuple.Length; i++)
                {
                    Walk(tuple[i], seen, depth + 1);
                }

                return;
            case IEnumerable items:
                foreach (object? item in items)
                {
                    Walk(item, seen, depth + 1);
                }

                return;
        }

        if (value.GetType().Assembly == typeof(RequirementsGenerator).Assembly)
        {
            foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length == 0)
                {
                    Walk(property.GetValue(value), seen, depth + 1);
                }
            }
        }
    }

    private static Dictionary<string, string> Texts(GeneratorRunResult result) =>
        result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
}

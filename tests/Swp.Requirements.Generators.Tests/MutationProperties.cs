using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// For random damage to the real spec, the generator never fails: it either generates code that
/// compiles with the runtime sources, or reports SWP diagnostics that point inside the file.
/// </summary>
/// <remarks>
/// 600 mutations by default; <c>SWP_MUTATION_CASES=N</c> runs N (see <see cref="MutationCases"/>).
/// Each distinct valid output is compiled with the runtime sources through
/// <see cref="OutputCompileCheck"/>, which binds the runtime sources again only when the output
/// declares something the real spec's output does not.
/// </remarks>
public class MutationProperties
{
    /// <summary>The default number of mutations (SWP_MUTATION_CASES overrides it).</summary>
    public const int DefaultCases = 600;

    [Fact]
    public void A_mutated_spec_gives_compiling_output_or_located_swp_errors() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(MutationCases.Or(DefaultCases)),
            Prop.ForAll(SpecMutations.Mutation(), mutation => MutationOracle.Check(mutation.Apply(Repo.SpecText))));

    [Fact]
    public void The_compile_check_of_an_output_like_the_real_one_still_binds_the_generated_code()
    {
        // A data-only change keeps the real output's surface, so only the generated trees are bound:
        // an error in one of them (a string property returning a number) is still found.
        GeneratorRun real = Harness.Run(Repo.SpecText);
        SyntaxTree info = real.OutputCompilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("SpecInfo.g.cs", StringComparison.Ordinal));
        string broken = info.GetText().ToString().Replace("Version => \"1.1.0\";", "Version => 110;", StringComparison.Ordinal);
        Assert.NotEqual(info.GetText().ToString(), broken);
        Compilation compilation = real.OutputCompilation.ReplaceSyntaxTree(info, info.WithChangedText(SourceText.From(broken)));
        Assert.Equal(OutputCompileCheck.Surface(real.OutputCompilation), OutputCompileCheck.Surface(compilation));
        Exception failure = Assert.ThrowsAny<Exception>(() => OutputCompileCheck.AssertCompilesCleanly(compilation));
        Assert.Contains("CS0029", failure.Message, StringComparison.Ordinal);

        // A changed description keeps the surface; a renamed component changes it (and is compiled in full).
        string described = Repo.SpecText.Replace("\"Server & Workload Protection Port numbers\"", "\"Port numbers\"", StringComparison.Ordinal);
        Assert.NotEqual(Repo.SpecText, described);
        Assert.False(OutputCompileCheck.AssertCompilesCleanly(Harness.Run(described).OutputCompilation));
        string renamed = Repo.SpecText.Replace("\"data-center-gateway\"", "\"data-centre-gateway\"", StringComparison.Ordinal);
        GeneratorRun run = Harness.Run(renamed);
        Assert.Empty(run.Diagnostics);
        Assert.NotEqual(OutputCompileCheck.Surface(real.OutputCompilation), OutputCompileCheck.Surface(run.OutputCompilation));
    }

    [Fact]
    public void The_mutations_give_both_valid_and_invalid_specs()
    {
        // The property above is only worth something if both of its branches are taken often.
        SpecMutation[] sample = Gen.Sample(SpecMutations.Generator, 400);
        int valid = sample.Count(m => Harness.Run(m.Apply(Repo.SpecText)).Diagnostics.IsEmpty);
        Assert.InRange(valid, 8, 392); // about 8% are valid: 32 expected
        Assert.Contains(sample, m => m.Apply(Repo.SpecText) != Repo.SpecText);
    }

    [Fact]
    public void The_oracle_rejects_a_location_outside_the_file()
    {
        // The location checks can fail: a diagnostic placed at an offset beyond the text is refused.
        Diagnostic outside = Diagnostic.Create(
            Diagnostics.DiagnosticDescriptors.JsonSyntax,
            Location.Create(Repo.SpecPath, new TextSpan(10, 0), new LinePositionSpan(new(5, 0), new(5, 0))),
            "swp-requirements.json", "x");
        Assert.ThrowsAny<Exception>(() => MutationOracle.CheckLocation(outside, "{}"));
    }
}

/// <summary>What must hold for any spec text.</summary>
internal static class MutationOracle
{
    private static readonly ConcurrentDictionary<string, bool> s_compiled = new(StringComparer.Ordinal);

    public static void Check(string text)
    {
        GeneratorRun run = Harness.Run(text);
        Assert.Null(run.Exception);
        Assert.All(run.AllRunDiagnostics, d => Assert.StartsWith("SWP0", d.Id, StringComparison.Ordinal)); // no CS8785, AD0001, ...
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "SWP0999");

        if (run.Diagnostics.IsEmpty)
        {
            Assert.Equal(Harness.ExpectedHintNames.Length, run.Sources.Length);
            string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(run.Sources.Select(s => s.HintName + "\0" + s.SourceText + "\0")))));
            if (!s_compiled.ContainsKey(key))
            {
                // A mutation can rename an ID no other spec entry refers to, which the runtime code may name.
                OutputCompileCheck.AssertCompilesCleanly(run.OutputCompilation);
                s_compiled[key] = true;
            }

            return;
        }

        Assert.Contains(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(run.Sources);
        foreach (Diagnostic diagnostic in run.Diagnostics)
        {
            CheckLocation(diagnostic, text);
        }
    }

    public static void CheckLocation(Diagnostic diagnostic, string text, string? path = null)
    {
        Assert.Equal(LocationKind.ExternalFile, diagnostic.Location.Kind);
        FileLinePositionSpan lines = diagnostic.Location.GetLineSpan();
        Assert.Equal(path ?? Repo.SpecPath, lines.Path);
        TextSpan span = diagnostic.Location.SourceSpan;
        Assert.InRange(span.Start, 0, text.Length);
        Assert.InRange(span.End, span.Start, text.Length);
        SourceText source = SourceText.From(text);
        Assert.InRange(lines.StartLinePosition.Line, 0, source.Lines.Count - 1);
        Assert.InRange(lines.StartLinePosition.Character, 0, source.Lines[lines.StartLinePosition.Line].SpanIncludingLineBreak.Length);
        Assert.Equal(source.Lines.GetLinePositionSpan(span), lines.Span);
    }
}

/// <summary>One or more edits, applied in order, to a spec text.</summary>
public sealed record SpecMutation(IReadOnlyList<TextMutation> Edits)
{
    public string Apply(string text) => Edits.Aggregate(text, (t, e) => e.Apply(t));

    public override string ToString() => string.Join("; ", Edits);
}

/// <summary>
/// One edit. Positions are taken modulo the current length, so an edit applies to any text.
/// </summary>
public abstract record TextMutation
{
    public abstract string Apply(string text);

    internal static int Clamp(int value, int count) => count <= 0 ? 0 : ((value % count) + count) % count;

    internal static List<string> Lines(string text) => [.. text.Split('\n')];
}

public sealed record DeleteRange(int Start, int Length) : TextMutation
{
    public override string Apply(string text)
    {
        int start = Clamp(Start, text.Length + 1);
        return text.Remove(start, Math.Min(Length, text.Length - start));
    }
}

public sealed record InsertChar(int At, char Character) : TextMutation
{
    public override string Apply(string text) => text.Insert(Clamp(At, text.Length + 1), Character.ToString());

    public override string ToString() => $"InsertChar {{ At = {At}, Char = U+{(int)Character:X4} '{Character}' }}";
}

public sealed record DuplicateLine(int Line) : TextMutation
{
    public override string Apply(string text)
    {
        List<string> lines = Lines(text);
        int i = Clamp(Line, lines.Count);
        lines.Insert(i, lines[i]);
        return string.Join('\n', lines);
    }
}

public sealed record SwapLines(int First, int Second) : TextMutation
{
    public override string Apply(string text)
    {
        List<string> lines = Lines(text);
        int a = Clamp(First, lines.Count);
        int b = Clamp(Second, lines.Count);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join('\n', lines);
    }
}

public sealed record Truncate(int Length) : TextMutation
{
    public override string Apply(string text) => text[..Clamp(Length, text.Length + 1)];
}

/// <summary>FsCheck's generator and shrinker of <see cref="SpecMutation"/>s.</summary>
public static class SpecMutations
{
    private static readonly char[] s_chars = [',', ':', '{', '}', '[', ']', '"', '0', '-', '/', '\\', 'é', ' '];

    private static readonly int s_length = Repo.SpecText.Length;

    private static readonly int s_lines = Repo.SpecText.Split('\n').Length;

    private static readonly Gen<TextMutation> s_edit = Gen.Frequency(
        (6, Gen.Choose(0, s_length).Zip(Gen.Frequency((4, Gen.Choose(1, 3)), (1, Gen.Choose(4, 300))), (s, l) => (TextMutation)new DeleteRange(s, l))),
        (8, Gen.Choose(0, s_length).Zip(Gen.Elements(s_chars), (at, c) => (TextMutation)new InsertChar(at, c))),
        (3, Gen.Choose(0, s_lines - 1).Select(l => (TextMutation)new DuplicateLine(l))),
        (4, Gen.Choose(0, s_lines - 1).Zip(Gen.Choose(0, s_lines - 1), (a, b) => (TextMutation)new SwapLines(a, b))),
        (1, Gen.Choose(0, s_length).Select(l => (TextMutation)new Truncate(l))));

    public static Gen<SpecMutation> Generator { get; } =
        Gen.Choose(1, 3).SelectMany(n => s_edit.ListOf(n)).Select(edits => new SpecMutation([.. edits]));

    public static Arbitrary<SpecMutation> Mutation() => Arb.From(Generator, Shrink);

    /// <summary>Shrinks by dropping edits, so a failure is shown with the fewest edits that still fail.</summary>
    private static IEnumerable<SpecMutation> Shrink(SpecMutation mutation)
    {
        if (mutation.Edits.Count <= 1)
        {
            yield break;
        }

        for (int i = 0; i < mutation.Edits.Count; i++)
        {
            yield return new SpecMutation([.. mutation.Edits.Where((_, j) => j != i)]);
        }
    }
}

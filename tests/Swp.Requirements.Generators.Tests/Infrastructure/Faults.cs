using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>Assertions about the diagnostics of broken specs.</summary>
internal static class Faults
{
    /// <summary>
    /// Runs the generator on a broken spec and asserts it reports exactly one diagnostic, with
    /// the ID, at the offset's line and column, in the spec's file, and generates nothing.
    /// </summary>
    public static Diagnostic AssertSingle(FaultySpec spec, string id, string? messageContains = null) =>
        AssertSingle(spec.Text, spec.Offset, id, messageContains);

    public static Diagnostic AssertSingle(string text, int offset, string id, string? messageContains = null)
    {
        GeneratorRun run = Harness.Run(text);
        AssertFailedCleanly(run);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        AssertAt(diagnostic, text, offset, id, messageContains);
        return diagnostic;
    }

    /// <summary>No exception, no generated source, and only SWP errors (never SWP0999).</summary>
    public static void AssertFailedCleanly(GeneratorRun run)
    {
        Assert.Null(run.Exception);
        Assert.Empty(run.Sources);
        Assert.NotEmpty(run.Diagnostics);
        Assert.All(run.RunDiagnostics.Concat(run.DriverDiagnostics), d => Assert.StartsWith("SWP", d.Id, System.StringComparison.Ordinal));
        Assert.All(run.Diagnostics, d =>
        {
            Assert.StartsWith("SWP0", d.Id, System.StringComparison.Ordinal);
            Assert.NotEqual("SWP0999", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        });
    }

    /// <summary>Asserts the ID, the severity, the file, the start's line and column (derived from the offset), and the span's start.</summary>
    public static void AssertAt(Diagnostic diagnostic, string text, int offset, string id, string? messageContains = null, string? path = null, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path ?? Repo.SpecPath, span.Path);
        LinePosition expected = SpecEdit.PositionOf(text, offset);
        Assert.Equal(expected.Line, span.StartLinePosition.Line);
        Assert.Equal(expected.Character, span.StartLinePosition.Character);
        Assert.Equal(offset, diagnostic.Location.SourceSpan.Start);
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        }
    }
}

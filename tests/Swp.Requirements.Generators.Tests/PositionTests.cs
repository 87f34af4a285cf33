using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>Lines and columns are UTF-16 positions, as Roslyn and editors count them, whatever comes before the fault.</summary>
public class PositionTests
{
    private const string Agent = "{\"id\": \"agent\", \"name\": \"Agent\", \"description\": \"The agent installed on each protected computer.\"}";

    private static FaultySpec UnknownPropertyAfterAgentDescription(string description) =>
        SpecEdit.ReplaceAt(Repo.SpecText, Agent,
            "{\"id\": \"agent\", \"name\": \"Agent\", \"description\": \"" + description + "\", \"colour\": \"red\"}", "\"colour\"");

    [Fact]
    public void A_bom_at_the_start_is_accepted_and_does_not_move_a_later_fault()
    {
        FaultySpec plain = UnknownPropertyAfterAgentDescription("The agent.");
        string withBom = "\uFEFF" + plain.Text;
        Diagnostic d = Faults.AssertSingle(withBom, plain.Offset + 1, "SWP0003", "Unknown property 'colour'");
        LinePosition expected = SpecEdit.PositionOf(plain.Text, plain.Offset);
        Assert.True(expected.Line > 0);
        Assert.Equal(expected, d.Location.GetLineSpan().StartLinePosition);
    }

    [Fact]
    public void A_bom_before_a_fault_on_the_first_line_counts_as_the_character_it_is()
    {
        // Roslyn's SourceText keeps a BOM that is part of the string, and counts it as a column.
        const string text = "\uFEFF{ \"specVersion\": 1.0.0 }";
        Diagnostic d = Faults.AssertSingle(text, text.IndexOf('.', System.StringComparison.Ordinal) + 2, "SWP0001");
        AssertAgreesWithSourceText(d, text);
    }

    [Theory]
    [InlineData("L'agent installé sur chaque ordinateur protégé")]
    [InlineData("Ünïcödé ëvërÿwhérè — “quoted” ✓")]
    [InlineData("An emoji 🛡 and a CJK 保护 and a combining e\u0301")]
    [InlineData("Escapes \\u00e9\\t\\\" and \\ud83d\\udee1 count as their source characters")]
    public void Non_ascii_characters_before_the_fault_do_not_shift_its_column(string description)
    {
        FaultySpec spec = UnknownPropertyAfterAgentDescription(description);
        Diagnostic d = Faults.AssertSingle(spec, "SWP0003", "Unknown property 'colour' in component");
        AssertAgreesWithSourceText(d, spec.Text);

        // The column is in UTF-16 characters, not UTF-8 bytes: these differ on this line.
        string line = spec.Text[(spec.Text.LastIndexOf('\n', spec.Offset) + 1)..spec.Offset];
        if (line.Any(c => c > 0x7F))
        {
            Assert.NotEqual(line.Length, System.Text.Encoding.UTF8.GetByteCount(line));
        }
        Assert.Equal(line.Length, d.Location.GetLineSpan().StartLinePosition.Character);
    }

    [Fact]
    public void Crlf_line_ends_give_the_same_line_and_column_as_lf()
    {
        FaultySpec lf = UnknownPropertyAfterAgentDescription("The agent.");
        string crlf = lf.Text.Replace("\n", "\r\n", System.StringComparison.Ordinal);
        int offset = crlf.IndexOf("\"colour\"", System.StringComparison.Ordinal);
        GeneratorRun run = Harness.Run(crlf);
        Faults.AssertFailedCleanly(run);
        Diagnostic d = Assert.Single(run.Diagnostics);
        Assert.Equal(offset, d.Location.SourceSpan.Start);
        Assert.Equal(SpecEdit.PositionOf(lf.Text, lf.Offset), d.Location.GetLineSpan().StartLinePosition);
        AssertAgreesWithSourceText(d, crlf);
    }

    [Theory]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    [InlineData("\u0085")]
    [InlineData("\r")]
    public void Unicode_and_lone_cr_line_breaks_between_tokens_or_in_strings_count_as_Roslyn_counts_them(string lineBreak)
    {
        // JSON allows U+2028, U+2029 and U+0085 raw in strings; a lone CR is whitespace between tokens.
        string inString = lineBreak == "\r" ? "" : lineBreak;
        FaultySpec spec = SpecEdit.ReplaceAt(Repo.SpecText, Agent,
            "{\"id\": \"agent\"," + (lineBreak == "\r" ? "\r" : "") + " \"name\": \"Agent\", \"description\": \"One" + inString + "two\", \"colour\": \"red\"}", "\"colour\"");
        Diagnostic d = Assert.Single(Harness.Run(spec.Text).Diagnostics);
        Assert.Equal(spec.Offset, d.Location.SourceSpan.Start);
        AssertAgreesWithSourceText(d, spec.Text);
        Assert.Equal(SpecEdit.PositionOf(spec.Text, spec.Offset).Line + 1, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void The_end_of_a_span_is_where_its_token_ends()
    {
        FaultySpec spec = UnknownPropertyAfterAgentDescription("é");
        Diagnostic d = Faults.AssertSingle(spec, "SWP0003");
        Assert.Equal("\"colour\"".Length, d.Location.SourceSpan.Length);
        LinePosition start = d.Location.GetLineSpan().StartLinePosition;
        Assert.Equal(new LinePosition(start.Line, start.Character + "\"colour\"".Length), d.Location.GetLineSpan().EndLinePosition);
    }

    /// <summary>The diagnostic's line span is the one Roslyn computes for its text span.</summary>
    internal static void AssertAgreesWithSourceText(Diagnostic diagnostic, string text) =>
        Assert.Equal(
            SourceText.From(text).Lines.GetLinePositionSpan(diagnostic.Location.SourceSpan),
            diagnostic.Location.GetLineSpan().Span);
}

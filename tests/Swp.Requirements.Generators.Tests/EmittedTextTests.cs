using System.Linq;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// Any text a valid spec may hold (JSON escapes give control characters, surrogate pairs,
/// XML and C# specials; a lone surrogate is not valid JSON text, see JsonSyntaxDiagnosticsTests)
/// becomes C# that compiles without a warning, doc comments included.
/// </summary>
public class EmittedTextTests
{
    private const string Agent = "{\"id\": \"agent\", \"name\": \"Agent\", \"description\": \"The agent installed on each protected computer.\"}";
    private const string Note = "{\"id\": \"destination-ports\", \"text\": \"Every port in this table is a destination (listening) port.\"}";
    private const string Australia = "{\"id\": \"australia\", \"name\": \"Australia\", \"cidrs\": [\"3.26.127.96/27\", \"18.98.193.32/27\"]}";
    private const string Siem = "{\"id\": \"siem\", \"description\": \"Events are forwarded to a SIEM or syslog server.\"}";
    private const string Proxy = "\"description\": \"The web proxy's port: agents and relays connect to the proxy on it, in place of the manager on 443 (the page's example is 1443).\"";
    private const string Domain = "{\"name\": \"deepsecaas11-en.gfrbridge.trendmicro.com\", \"regions\": [\"all\"], ";

    [Theory]
    [InlineData("a < b && c > d <summary> </summary> <!-- --> ]]> &amp; &#x0;")]
    [InlineData("\\\" quotes \\\\ backslash \\/ slash { } $ @ #if // /* */")]
    [InlineData("tab\\there, new\\nline, return\\r, crlf\\r\\n, form\\ffeed, back\\bspace")]
    [InlineData("control \\u0000 \\u0001 \\u001b \\u007f \\u0085 \\u2028 \\u2029 end")]
    [InlineData("noncharacters \\ufffe \\uffff end")]
    [InlineData("a surrogate pair \\ud83d\\udee1 end")]
    [InlineData("raw \u2028 line \u2029 separators \u0085 end")]
    [InlineData("")]
    public void Any_string_value_compiles_in_every_place_it_is_emitted(string value)
    {
        string text = Repo.SpecText;
        text = SpecEdit.Replace(text, Agent, "{\"id\": \"agent\", \"name\": \"" + value + "\", \"description\": \"" + value + "\"}");
        text = SpecEdit.Replace(text, Note, "{\"id\": \"destination-ports\", \"text\": \"" + value + "\"}");
        text = SpecEdit.Replace(text, Australia, "{\"id\": \"australia\", \"name\": \"" + value + "\", \"cidrs\": [\"3.26.127.96/27\", \"18.98.193.32/27\"]}");
        text = SpecEdit.Replace(text, Siem, "{\"id\": \"siem\", \"description\": \"" + value + "\"}");
        text = SpecEdit.Replace(text, "\"note\": \"To other relays.\"", "\"note\": \"" + value + "\"");
        text = SpecEdit.Replace(text, "\"title\": \"Server & Workload Protection Port numbers\", \"copyright\": \"2025 Trend Micro Incorporated\"",
            "\"title\": \"" + value + "\", \"copyright\": \"" + value + "\"");
        text = SpecEdit.Replace(text, "\"product\": \"Trend Micro Server & Workload Protection\"", "\"product\": \"" + value + "\"");
        text = SpecEdit.Replace(text, "{\"id\": \"dns\", \"name\": \"DNS\"}", "{\"id\": \"dns\", \"name\": \"" + value + "\"}");
        text = SpecEdit.Replace(text, Proxy, "\"description\": \"" + value + "\"");
        int domain = SpecEdit.IndexOfOnly(text, Domain);
        int note = text.IndexOf("\"note\": \"", domain, System.StringComparison.Ordinal) + "\"note\": \"".Length;
        text = text[..note] + value + text[text.IndexOf("\"}", note, System.StringComparison.Ordinal)..];

        GeneratorRun run = Harness.Run(text);
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(Harness.ExpectedHintNames.Length, run.Sources.Length);
        Harness.AssertCompilesCleanly(run.OutputCompilation);
    }

    [Fact]
    public void Enum_types_are_fixed_so_300_more_components_change_no_underlying_type()
    {
        // 300 extra components (no flows): appending IDs never changes an enum's type (a binary break).
        string extra = string.Concat(Enumerable.Range(0, 300).Select(i => $"{{\"id\": \"extra-{i}\", \"name\": \"Extra {i}\", \"description\": \"d\"}}, "));
        string text = SpecEdit.Replace(Repo.SpecText, Agent, extra + Agent);

        GeneratorRun run = Harness.Run(text);

        Assert.Empty(run.Diagnostics);
        string component = run.Sources.Single(s => s.HintName == "Component.g.cs").SourceText.ToString();
        Assert.Contains("public enum Component : ushort", component, System.StringComparison.Ordinal);
        Assert.Contains("public enum Region : ushort", run.Sources.Single(s => s.HintName == "Region.g.cs").SourceText.ToString(), System.StringComparison.Ordinal);
        Harness.AssertCompilesCleanly(run.OutputCompilation);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a & b < c > d", "a &amp; b &lt; c &gt; d")]
    [InlineData("one\\r\\ntwo\\nthree\\rfour\\u2028five", "one two three four five")]
    [InlineData("tab\\tkept", "tab\\tkept")]
    [InlineData("nul\\u0000 bell\\u0007 esc\\u001b", "nul\\uFFFD bell\\uFFFD esc\\uFFFD")]
    [InlineData("lone \\uD800 \\uDC00 pair \\uD83D\\uDEE1 reversed \\uDEE1\\uD83D", "lone \\uFFFD \\uFFFD pair \\uD83D\\uDEE1 reversed \\uFFFD\\uFFFD")]
    [InlineData("high at the end \\uD83D", "high at the end \\uFFFD")]
    [InlineData("nonchars \\uFFFE\\uFFFF", "nonchars \\uFFFD\\uFFFD")]
    public void Doc_comment_escaping_keeps_text_xml_can_hold_and_replaces_the_rest(string text, string expected)
    {
        Assert.Equal(Unescape(expected), Emitting.CodeWriter.Escape(Unescape(text)));
    }

    private static string Unescape(string text) => System.Text.RegularExpressions.Regex.Unescape(text);
}

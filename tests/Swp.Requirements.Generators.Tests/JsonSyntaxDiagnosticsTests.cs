using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>SWP0001: text that is not strict JSON is reported where the fault is.</summary>
public class JsonSyntaxDiagnosticsTests
{
    private static readonly string s_spec = Repo.SpecText;

    [Fact]
    public void Missing_comma_between_properties_is_reported_at_the_next_property()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"specVersion\": \"1.1.0\",\n  \"product\"", "\"specVersion\": \"1.1.0\"\n  \"product\"", "\"product\"");
        Faults.AssertSingle(spec, "SWP0001", "'swp-requirements.json' is not valid JSON: Expected ',' or '}' in the object");
    }

    [Fact]
    public void Missing_comma_between_array_items_is_reported_at_the_next_item()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"ipProtocols\": [\"tcp\", \"udp\"], \"applicationProtocol\": \"ldap\"", "\"ipProtocols\": [\"tcp\" \"udp\"], \"applicationProtocol\": \"ldap\"", "\"udp\"");
        Faults.AssertSingle(spec, "SWP0001", "Expected ',' or ']' in the array");
    }

    [Fact]
    public void Trailing_comma_in_an_object_is_reported_at_the_closing_brace()
    {
        const string portPage = "\"pageId\": \"swp-port-numbers\", \"title\": \"Server & Workload Protection Port numbers\", \"copyright\": \"2025 Trend Micro Incorporated\", \"dateRead\": \"2026-12-02\"}";
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, portPage, portPage.Replace("\"2026-12-02\"}", "\"2026-12-02\",}", System.StringComparison.Ordinal), "}");
        Faults.AssertSingle(spec, "SWP0001", "Trailing commas are not allowed");
    }

    [Fact]
    public void Trailing_comma_in_an_array_is_reported_at_the_closing_bracket()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"port\": 636, \"ipProtocols\": [\"tcp\", \"udp\"]", "\"port\": 636, \"ipProtocols\": [\"tcp\", \"udp\",]", "]");
        Faults.AssertSingle(spec, "SWP0001", "Trailing commas are not allowed");
    }

    [Theory]
    [InlineData("// the version\n  ")]
    [InlineData("/* the version */ ")]
    public void A_comment_is_reported_where_it_starts(string comment)
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"specVersion\": \"1.1.0\",", comment + "\"specVersion\": \"1.1.0\",", "/");
        Faults.AssertSingle(spec, "SWP0001", "Comments are not allowed");
    }

    [Fact]
    public void A_comment_in_place_of_a_value_is_reported_where_it_starts()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"port\": 4123,", "\"port\": /* 4123 */ 4123,", "/");
        Faults.AssertSingle(spec, "SWP0001", "Comments are not allowed");
    }

    [Fact]
    public void Single_quotes_are_reported_at_the_quote()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"specVersion\": \"1.1.0\",", "'specVersion': \"1.1.0\",", "'");
        Faults.AssertSingle(spec, "SWP0001", "Expected a property name in double quotes");
    }

    [Fact]
    public void A_leading_zero_is_reported_at_the_number()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"port\": 4123,", "\"port\": 04123,", "04123");
        Faults.AssertSingle(spec, "SWP0001", "leading zeros");
    }

    [Fact]
    public void An_invalid_escape_is_reported_at_the_backslash()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"description\": \"Receives forwarded events.\"", "\"description\": \"Receives \\x forwarded events.\"", "\\x");
        Faults.AssertSingle(spec, "SWP0001", "Invalid escape '\\x'");
    }

    [Theory]
    [InlineData("\\ud800 alone", "\\ud800", "\\uD800 is a high surrogate without a low surrogate escape after it: not a character")]
    [InlineData("low \\udfff first", "\\udfff", "\\uDFFF is a low surrogate without a high surrogate before it: not a character")]
    public void A_lone_surrogate_escape_is_reported_at_its_backslash(string text, string escape, string reason)
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"description\": \"Receives forwarded events.\"", "\"description\": \"" + text + "\"", escape);
        Faults.AssertSingle(spec, "SWP0001", "'swp-requirements.json' is not valid JSON: " + reason);
    }

    [Fact]
    public void A_raw_control_character_in_a_string_is_reported_at_the_character()
    {
        FaultySpec spec = SpecEdit.ReplaceAt(s_spec, "\"description\": \"Receives forwarded events.\"", "\"description\": \"Receives\tforwarded events.\"", "\t");
        Faults.AssertSingle(spec, "SWP0001", "Control characters must be escaped");
    }

    [Fact]
    public void A_truncated_file_is_reported_at_its_end()
    {
        string text = s_spec[..s_spec.IndexOf("\"regions\"", System.StringComparison.Ordinal)];
        Faults.AssertSingle(text, text.Length, "SWP0001", "Expected a property name in double quotes");
    }

    [Fact]
    public void An_unterminated_string_is_reported_where_the_string_starts()
    {
        int start = s_spec.IndexOf("\"Agent\"", System.StringComparison.Ordinal);
        string text = s_spec[..(start + 4)];
        Faults.AssertSingle(text, start, "SWP0001", "Unterminated string");
    }

    [Fact]
    public void Text_after_the_document_is_reported_where_it_starts()
    {
        string text = s_spec + "\n{}\n";
        Faults.AssertSingle(text, s_spec.Length + 1, "SWP0001", "after the end of the JSON document");
    }

    [Fact]
    public void An_empty_file_is_reported_at_its_start()
    {
        Faults.AssertSingle("", 0, "SWP0001", "Unexpected end of the JSON document");
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_an_error_not_a_crash()
    {
        string text = "{ \"specVersion\": " + new string('[', 100_000) + "\n";
        Faults.AssertSingle(text, 17 + Json.JsonReader.MaxDepth, "SWP0001", "nested deeper than");
    }
}

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>Output depends on the spec's content only: not on the run, the whitespace or the escaping of the JSON.</summary>
public class DeterminismTests
{
    [Fact]
    public void Two_fresh_drivers_give_byte_identical_output()
    {
        Dictionary<string, byte[]> first = Bytes(Harness.Run(Repo.SpecText));
        Dictionary<string, byte[]> second = Bytes(Harness.Run(Repo.SpecText));
        Assert.Equal(Harness.ExpectedHintNames.Length, first.Count);
        Assert.Equal(first.Keys.Order(System.StringComparer.Ordinal), second.Keys.Order(System.StringComparer.Ordinal));
        foreach ((string hint, byte[] bytes) in first)
        {
            Assert.Equal(bytes, second[hint]);
        }
    }

    [Fact]
    public void Output_lines_end_in_lf_and_the_text_is_utf8()
    {
        GeneratorRun run = Harness.Run(Repo.SpecText);
        Assert.All(run.Sources, s =>
        {
            Assert.DoesNotContain('\r', s.SourceText.ToString());
            Assert.Equal(Encoding.UTF8.WebName, s.SourceText.Encoding?.WebName);
        });
    }

    public static TheoryData<string> Reformatted => new()
    {
        "crlf",
        "tabs",
        "minified",
        "indented-and-escaped",
        "bom",
    };

    [Theory]
    [MemberData(nameof(Reformatted))]
    public void Whitespace_and_escaping_do_not_change_the_output(string how)
    {
        string text = Reformat(Repo.SpecText, how);
        Assert.NotEqual(Repo.SpecText, text);
        GeneratorRun run = Harness.Run(text);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(Texts(Harness.Run(Repo.SpecText)), Texts(run));
    }

    [Fact]
    public void Reordering_components_does_change_the_output()
    {
        // The counter-check of the theory above: a change of content is seen.
        const string dns = "    {\"id\": \"dns-server\", \"name\": \"DNS server\", \"description\": \"The resolver the component is configured to use.\"},\n";
        const string ntp = "    {\"id\": \"ntp-server\", \"name\": \"NTP server\", \"description\": \"The time server the component is configured to use.\"},\n";
        string swapped = SpecEdit.Replace(Repo.SpecText, dns + ntp, ntp + dns);
        GeneratorRun run = Harness.Run(swapped);
        Assert.Empty(run.Diagnostics);
        Assert.NotEqual(Texts(Harness.Run(Repo.SpecText))["Component.g.cs"], Texts(run)["Component.g.cs"]);
    }

    private static string Reformat(string text, string how)
    {
        switch (how)
        {
            case "crlf":
                return text.Replace("\n", "\r\n", System.StringComparison.Ordinal);
            case "tabs":
                // Indentation only: string values may hold double spaces of their own.
                return System.Text.RegularExpressions.Regex.Replace(text, "(?m)^( {2})+", m => new string('\t', m.Length / 2));
            case "bom":
                return "\uFEFF" + text;
            default:
                using (var doc = JsonDocument.Parse(text))
                using (var stream = new MemoryStream())
                {
                    var options = how == "minified"
                        ? new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
                        : new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Default }; // writes & as \u0026, ' as \u0027
                    using (var writer = new Utf8JsonWriter(stream, options))
                    {
                        doc.WriteTo(writer);
                    }

                    string result = Encoding.UTF8.GetString(stream.ToArray());
                    Assert.Equal(how != "minified", result.Contains("\\u0026", System.StringComparison.Ordinal));
                    return result;
                }
        }
    }

    private static Dictionary<string, string> Texts(GeneratorRun run) =>
        run.Sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    private static Dictionary<string, byte[]> Bytes(GeneratorRun run) =>
        run.Sources.ToDictionary(s => s.HintName, s => Encoding.UTF8.GetBytes(s.SourceText.ToString()).Concat(s.SourceText.GetChecksum()).ToArray());
}

using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// docs/diagnostics.md shows, for each SWP1xxx ID, a deployment file and the diagnostics of that
/// ID the build prints for it. The generator, given that file as <c>prod.swp.json</c>, reports
/// exactly those, and any other diagnostic only if the section says it follows; besides, as the
/// page says, every file that is a JSON object gets one summary (SWP1018 or SWP1022).
/// </summary>
public class DeploymentDocsExamplesTests
{
    private static readonly string s_docs = File.ReadAllText(Path.Combine(Repo.Root, "docs", "diagnostics.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

    public static TheoryData<string> Ids => [.. Diagnostics.DiagnosticDescriptors.All.Select(d => d.Id).Where(id => id.StartsWith("SWP1", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_documented_example_gives_the_documented_output(string id)
    {
        string section = Section(id);
        string json = Block(section, "json");
        string[] expected = [.. Block(section, "text").Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        Assert.NotEmpty(expected);
        Assert.All(expected, line => Assert.Contains($": {DiagnosticDescriptorsSeverity(id)} {id}: ", line, StringComparison.Ordinal));

        // A section may show a firewall export beside the file: ```firewall PATH (relative to the deployment file).
        (string Path, string Text)[] exports =
        [
            .. Regex.Matches(section, "```firewall ([^\n]+)\n(.*?)```", RegexOptions.Singleline)
                .Select(m => (DeploymentHarness.PathOf("deploy/" + m.Groups[1].Value), m.Groups[2].Value)),
        ];
        GeneratorRun run = DeploymentHarness.Run([(DeploymentHarness.ProdPath, json), .. exports]);
        DeploymentFaults.AssertRanCleanly(run);
        Assert.Equal(expected, run.Diagnostics.Where(d => d.Id == id).Select(Print));
        DeploymentFaults.Summary(run); // one summary, or none for a file that is not a JSON object

        // The text shows the section's ID only; anything else but the summary is a consequence the section names.
        foreach (string other in run.Diagnostics.Select(d => d.Id).Where(other => other != id && !DeploymentFaults.SummaryIds.Contains(other)).Distinct())
        {
            Assert.Contains($"[{other}](#{other.ToLowerInvariant()})", section, StringComparison.Ordinal);
        }
    }

    /// <summary>As the compiler prints a diagnostic, with the file's name instead of its full path.</summary>
    private static string Print(Diagnostic d)
    {
        FileLinePositionSpan span = d.Location.GetLineSpan();
        string severity = SeverityText(d.Severity);
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {severity} {d.Id}: {DeploymentFaults.Message(d)}";
    }

    private static string DiagnosticDescriptorsSeverity(string id) => SeverityText(Diagnostics.DiagnosticDescriptors.ById(id).DefaultSeverity);

    /// <summary>As the compiler and swp-ports print it.</summary>
    private static string SeverityText(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    private static string Section(string id)
    {
        int start = s_docs.IndexOf("\n## " + id + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/diagnostics.md has no section for " + id);
        int end = s_docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? s_docs[start..] : s_docs[start..end];
    }

    /// <summary>The first fenced block of the language in the section.</summary>
    private static string Block(string section, string language)
    {
        Match match = Regex.Match(section, "```" + language + "\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"no ```{language} block");
        return match.Groups[1].Value;
    }
}

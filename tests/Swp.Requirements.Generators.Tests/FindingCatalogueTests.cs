using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Generators.Diagnostics;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// The one list of SWP findings (<see cref="FindingDescriptors"/>, shared source) against what the
/// compiler is told (<see cref="DiagnosticDescriptors"/>) and what the release notes of the
/// analyzer say (AnalyzerReleases.*.md, which Roslyn's release tracking can no longer tie to
/// descriptors built from data).
/// </summary>
public sealed class FindingCatalogueTests
{
    [Fact]
    public void Every_finding_is_one_compiler_descriptor_with_the_same_id_category_severity_and_text()
    {
        FindingDescriptor[] findings = [.. FindingDescriptors.All];
        DiagnosticDescriptor[] descriptors = [.. DiagnosticDescriptors.All];
        Assert.Equal(findings.Select(f => f.Id), descriptors.Select(d => d.Id));
        foreach ((FindingDescriptor f, DiagnosticDescriptor d) in findings.Zip(descriptors))
        {
            Assert.Equal(f.Category, d.Category);
            Assert.Equal(f.Title, d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(f.MessageFormat, d.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(f.Severity switch { FindingSeverity.Error => DiagnosticSeverity.Error, FindingSeverity.Warning => DiagnosticSeverity.Warning, _ => DiagnosticSeverity.Info }, d.DefaultSeverity);
            Assert.Equal("https://github.com/swp-requirements/swp-requirements/blob/main/docs/diagnostics.md#" + f.Id.ToLowerInvariant(), d.HelpLinkUri);
        }
    }

    [Fact]
    public void The_audit_findings_are_the_catalogues()
    {
        // Written by hand from docs/diagnostics.md: the audit's IDs and how much each matters.
        (string Id, FindingSeverity Severity)[] expected =
        [
            ("SWP2001", FindingSeverity.Error), ("SWP2002", FindingSeverity.Error), ("SWP2003", FindingSeverity.Error),
            ("SWP2004", FindingSeverity.Warning), ("SWP2005", FindingSeverity.Warning), ("SWP2006", FindingSeverity.Warning),
            ("SWP2007", FindingSeverity.Info), ("SWP2008", FindingSeverity.Info),
            ("SWP2009", FindingSeverity.Warning), ("SWP2010", FindingSeverity.Info),
        ];
        Assert.Equal(expected, FindingDescriptors.All.Where(f => f.Id.StartsWith("SWP2", StringComparison.Ordinal)).Select(f => (f.Id, f.Severity)));
    }

    [Fact]
    public void The_analyzer_release_notes_list_every_finding_once_with_its_category_and_severity()
    {
        string folder = Path.Combine(Repo.Root, "generators", "Swp.Requirements.Generators");
        string[] rows = [.. new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(name => File.ReadAllLines(Path.Combine(folder, name)))
            .Where(line => line.StartsWith("SWP", StringComparison.Ordinal))];
        string[] listed = [.. rows.Select(r => string.Join(" | ", r.Split('|').Take(3).Select(c => c.Trim()))).OrderBy(r => r, StringComparer.Ordinal)];
        string[] catalogue = [.. FindingDescriptors.All.Select(f => $"{f.Id} | {f.Category} | {f.Severity}")];
        Assert.Equal(catalogue, listed);
    }
}

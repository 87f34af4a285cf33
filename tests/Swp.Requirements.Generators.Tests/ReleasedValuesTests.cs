using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Tests.Infrastructure;

namespace Swp.Requirements.Generators.Tests;

/// <summary>
/// SWP0019: the generated enums number their members in the spec's order, so the library's build
/// reads the released versions (spec/versions) and refuses a spec that gives a released value to
/// another ID. Expectations by hand from the 1.0.0 file: its regions are australia, canada, ...
/// </summary>
public sealed class ReleasedValuesTests
{
    private static readonly string s_releasedPath = Path.Combine(Repo.Root, "spec", "versions", "swp-requirements-1.0.0.json");
    private static readonly string s_released = File.ReadAllText(s_releasedPath);

    private const string Australia = "{\"id\": \"australia\", \"name\": \"Australia\", \"cidrs\": [\"3.26.127.96/27\", \"18.98.193.32/27\"]},";
    private const string Austria = "{\"id\": \"austria\", \"name\": \"Austria\", \"cidrs\": [\"192.0.2.0/27\"]},";

    private static GeneratorRun Run(string spec, string released, string releasedPath) =>
        Harness.Run([new InMemoryAdditionalText(Repo.SpecPath, spec), new InMemoryAdditionalText(releasedPath, released)]);

    [Fact]
    public void The_current_spec_keeps_every_value_of_the_released_one()
    {
        GeneratorRun run = Run(Repo.SpecText, s_released, s_releasedPath);
        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.Sources);
    }

    [Fact]
    public void A_region_inserted_alphabetically_is_refused_at_the_first_released_region_it_moves()
    {
        string edited = SpecEdit.Replace(Repo.SpecText, Australia, Australia + "\n    " + Austria);
        GeneratorRun run = Run(edited, s_released, s_releasedPath);
        Faults.AssertFailedCleanly(run);
        Diagnostic d = Assert.Single(run.Diagnostics);
        Faults.AssertAt(d, edited, SpecEdit.IndexOfOnly(edited, "{\"id\": \"canada\"") + "{\"id\": ".Length, "SWP0019",
            "The region 'canada' is value 1 in released spec 1.0.0, but here it is value 2: a released value never changes, so add IDs at the end of the list and keep every released one");
    }

    [Fact]
    public void A_region_added_at_the_end_keeps_every_value()
    {
        const string Usa = "{\"id\": \"usa\"";
        int usa = SpecEdit.IndexOfOnly(Repo.SpecText, Usa);
        int end = Repo.SpecText.IndexOf('}', usa) + 1;
        string edited = Repo.SpecText[..end] + ",\n    " + Austria.TrimEnd(',') + Repo.SpecText[end..];
        GeneratorRun run = Run(edited, s_released, s_releasedPath);
        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.Sources);
    }

    [Fact]
    public void A_released_condition_that_is_gone_is_refused()
    {
        // A released version with one more condition at the end than the current spec declares.
        const string Relays = "{\"id\": \"relays\", ";
        int at = SpecEdit.IndexOfOnly(Repo.SpecText, Relays);
        string released = Repo.SpecText[..at] + "{\"id\": \"aaa-gone\", \"description\": \"Removed since.\"},\n    " + Repo.SpecText[at..];
        string releasedPath = Path.Combine(Repo.Root, "spec", "versions", "swp-requirements-0.9.0.json");
        GeneratorRun run = Run(Repo.SpecText, released, releasedPath);
        Faults.AssertFailedCleanly(run);
        Diagnostic d = Assert.Single(run.Diagnostics);
        Assert.Equal("SWP0019", d.Id);
        Assert.StartsWith("The condition 'aaa-gone' is bit 0 in released spec ", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("but here it is not declared", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}

using System;
using System.Linq;
using Swp.Requirements.Package.Tests.Infrastructure;
using Swp.Requirements.Tests;
using Xunit.Abstractions;

namespace Swp.Requirements.Package.Tests;

/// <summary>
/// A consumer's deployment file (issue 3), checked by the packaged generator: a broken
/// prod.swp.json fails <c>dotnet build</c> with the diagnostic at its line and column, and the
/// fixed one compiles into <c>Swp.Requirements.Deployments.Prod</c>, which the program reads.
/// </summary>
[Collection(PackageTestGroup.Name)]
public sealed class DeploymentFileTests(PackageFeed feed, ITestOutputHelper output)
{
    private const string Program =
        """
        using Swp.Requirements;
        using Swp.Requirements.Deployments;

        DeploymentFlows flows = Prod.Flows;
        Deployment deployment = Prod.Deployment;
        // The same deployment built at run time, from the IDs the file gives.
        SwpIds.TryParseRegion("germany", out Region germany);
        Deployment same = new Deployment(Conditions.Siem, germany);
        Console.WriteLine($"prod-flows={flows.Count()}");
        Console.WriteLine($"runtime-flows={same.Flows.Count()}");
        Console.WriteLine($"same-flows={flows.SequenceEqual(same.Flows)}");
        Console.WriteLine($"prod-region={deployment.Region?.ToId()}");
        Console.WriteLine($"prod-conditions={SwpIds.FormatConditions(deployment.Conditions)}");
        Console.WriteLine($"prod-agent-addresses={string.Join(" ", Prod.AddressesOf(Component.Agent).ToArray())}");
        Console.WriteLine($"prod-siem-addresses={string.Join(" ", Prod.AddressesOf(Component.SiemSyslogServer).ToArray())}");
        Console.WriteLine($"prod-scope={Prod.Scope.Length}");
        Console.WriteLine($"prod-excluded={Prod.Excluded.Length}");
        foreach (Flow flow in flows)
        {
            Console.WriteLine(flow);
        }

        """;

    [Fact]
    public void Broken_deployment_files_fail_the_build_at_their_line_and_column_and_the_fixed_one_compiles()
    {
        var app = ConsumerProject.Console(feed, "app-deployments", "net10.0", Program);
        app.AddPackage();
        // Listed by hand too, as a user may do: the package's **/*.swp.json default includes it
        // as well, and the compiler still reads it once (one Prod, not two).
        app.AddItems("<AdditionalFiles Include=\"prod.swp.json\" />");

        // A misspelled condition: SWP1006 at the value's own line and column.
        string misspelled = DeploymentFiles.Good.Replace("[\"siem\"]", "[\"sime\"]", StringComparison.Ordinal);
        app.Write("prod.swp.json", misspelled);
        AssertBuildFailsAt(app, "SWP1006", BuildLog.PositionOf(misspelled, "\"sime\""));

        // The agent → manager 443/TCP rule is missing: SWP1010, at the file's "allow" list.
        string missingRule = DeploymentFiles.WithoutAgentToManagerRule;
        Assert.NotEqual(DeploymentFiles.Good, missingRule);
        app.Write("prod.swp.json", missingRule);
        AssertBuildFailsAt(app, "SWP1010", BuildLog.PositionOf(missingRule, "\"allow\""));

        // Fixed: the build passes and the program reads the generated class.
        app.Write("prod.swp.json", DeploymentFiles.Good);
        app.BuildSucceeds();
        string printed = app.RunSucceeds().Output;

        output.WriteLine(printed);
        Assert.Contains("prod-region=germany\n", printed, StringComparison.Ordinal);
        Assert.Contains("prod-conditions=siem\n", printed, StringComparison.Ordinal);
        // Germany with a SIEM: the hand-written table's baseline (8 rows) and its three siem rows.
        Assert.Equal(11, SeedTable.Flows.Count(row => row.EndsWith(',') || row.EndsWith(",siem", StringComparison.Ordinal)));
        Assert.Contains("prod-flows=11\nruntime-flows=11\nsame-flows=True\n", printed, StringComparison.Ordinal);
        Assert.Contains("prod-agent-addresses=10.20.0.0/16\n", printed, StringComparison.Ordinal);
        Assert.Contains("prod-siem-addresses=10.30.0.5/32\n", printed, StringComparison.Ordinal);
        // No "scope" (every component's flows) and no "exclude".
        Assert.Contains("prod-scope=0\nprod-excluded=0\n", printed, StringComparison.Ordinal);
        output.WriteLine(feed.Timings);
    }

    private static void AssertBuildFailsAt(ConsumerProject app, string id, (int Line, int Column) position)
    {
        CommandResult build = app.Build();

        Assert.True(build.ExitCode != 0, "the build passed:\n" + build.Describe());
        Assert.True(
            BuildLog.Diagnostics(build).Any(d => d.File == app.PathOf("prod.swp.json") && (d.Line, d.Column) == position && d.Severity == "error" && d.Id == id),
            $"expected 'prod.swp.json({position.Line},{position.Column}): error {id}' in the build output:\n{build.Describe()}");
    }
}

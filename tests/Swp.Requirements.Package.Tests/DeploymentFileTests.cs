using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Swp.Requirements.Package.Tests.Infrastructure;
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

        ReadOnlySpan<Flow> flows = Prod.Flows;
        Deployment deployment = Prod.Deployment;
        Console.WriteLine($"prod-flows={flows.Length}");
        Console.WriteLine($"runtime-flows={deployment.Flows.Count()}");
        Console.WriteLine($"prod-region={deployment.Region?.ToId()}");
        Console.WriteLine($"prod-conditions={SwpIds.FormatConditions(deployment.Conditions)}");
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
        File.WriteAllText(app.ProjectFile, File.ReadAllText(app.ProjectFile).Replace("</Project>",
            "  <ItemGroup>\n    <AdditionalFiles Include=\"prod.swp.json\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal));

        // A misspelled condition: SWP1006 at the value's own line and column.
        string misspelled = DeploymentFiles.Good.Replace("[\"siem\"]", "[\"sime\"]", StringComparison.Ordinal);
        app.Write("prod.swp.json", misspelled);
        AssertBuildFailsAt(app, "SWP1006", PositionOf(misspelled, "\"sime\""));

        // The agent → manager 443/TCP rule is missing: SWP1010, at the file's "allow" list.
        string missingRule = DeploymentFiles.WithoutAgentToManagerRule;
        Assert.NotEqual(DeploymentFiles.Good, missingRule);
        app.Write("prod.swp.json", missingRule);
        AssertBuildFailsAt(app, "SWP1010", PositionOf(missingRule, "\"allow\""));

        // Fixed: the build passes and the program reads the generated class.
        app.Write("prod.swp.json", DeploymentFiles.Good);
        app.BuildSucceeds();
        string printed = app.RunSucceeds().Output;

        output.WriteLine(printed);
        Assert.Contains("prod-region=germany\n", printed, StringComparison.Ordinal);
        Assert.Contains("prod-conditions=siem\n", printed, StringComparison.Ordinal);
        // The flows resolved at build time are the ones the run-time query gives for the same deployment.
        Match flows = Regex.Match(printed, @"^prod-flows=(\d+)\nruntime-flows=(\d+)$", RegexOptions.Multiline);
        Assert.True(flows.Success, printed);
        Assert.NotEqual("0", flows.Groups[1].Value);
        Assert.Equal(flows.Groups[2].Value, flows.Groups[1].Value);
        output.WriteLine(feed.Timings);
    }

    /// <summary>The one-based (line, column) of the first <paramref name="token"/> in <paramref name="text"/>, as compilers print it.</summary>
    private static (int Line, int Column) PositionOf(string text, string token)
    {
        int offset = text.IndexOf(token, StringComparison.Ordinal);
        Assert.True(offset >= 0, $"{token} is not in the test file");
        int lineStart = text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        return (text.Take(offset).Count(c => c == '\n') + 1, offset - lineStart + 1);
    }

    private static void AssertBuildFailsAt(ConsumerProject app, string id, (int Line, int Column) position)
    {
        CommandResult build = app.Build();

        Assert.True(build.ExitCode != 0, "the build passed:\n" + build.Describe());
        string location = $@"\({position.Line},{position.Column}\)";
        Assert.True(
            Regex.IsMatch(build.Output, $@"prod\.swp\.json{location}: error {id}: "),
            $"expected 'prod.swp.json{location}: error {id}' in the build output:\n{build.Describe()}");
    }
}

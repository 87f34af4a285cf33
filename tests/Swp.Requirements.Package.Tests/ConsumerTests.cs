using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Swp.Requirements.Package.Tests.Infrastructure;
using Swp.Requirements.Tests;
using Xunit.Abstractions;

namespace Swp.Requirements.Package.Tests;

/// <summary>Fresh projects restore the package from the feed, build with every warning an error,
/// and run queries against the tables.</summary>
[Collection(PackageTestGroup.Name)]
public sealed class ConsumerTests(PackageFeed feed, ITestOutputHelper output)
{
    private const string Program =
        """
        using System.Reflection;
        using System.Runtime.Versioning;
        using Swp.Requirements;

        Console.WriteLine($"agent-flows={Flows.From(Component.Agent).Length}");
        Console.WriteLine($"manager-region={(Regions.TryFind("3.69.198.70", out Region region) ? region.ToId() : "none")}");
        Console.WriteLine($"manager-subnet={Regions.Subnet(region)}");
        Console.WriteLine($"baseline-flows={Deployment.Baseline.Flows.Count()}");
        Console.WriteLine($"spec-version={SpecInfo.Version}");
        Console.WriteLine($"library-framework={typeof(Flow).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName}");
        Console.WriteLine($"runtime={Environment.Version.Major}");

        """;

    /// <summary>The agent's flows in the hand-written transcription of the vendor's page.</summary>
    private static int SeedAgentFlows => SeedTable.Flows.Count(row => row.StartsWith("agent,", StringComparison.Ordinal));

    [Theory]
    [InlineData("net10.0", false)]
    [InlineData("net8.0", true)] // only the .NET 10 runtime is installed, so the net8.0 app rolls forward
    public void Console_app_restores_builds_and_queries_the_tables(string targetFramework, bool rollForwardMajor)
    {
        string name = "app-" + targetFramework.Replace(".", "", StringComparison.Ordinal);
        var app = ConsumerProject.Console(feed, name, targetFramework, Program, rollForwardMajor);

        app.AddPackage();
        app.BuildSucceeds();
        string printed = app.RunSucceeds().Output;

        output.WriteLine(printed);
        Assert.Contains($"agent-flows={SeedAgentFlows}\n", printed, StringComparison.Ordinal);
        Assert.Contains("manager-region=germany\n", printed, StringComparison.Ordinal);
        Assert.Contains("manager-subnet=3.69.198.64/27\n", printed, StringComparison.Ordinal);
        // Both apps run the net8.0 build of the library, on the .NET 10 runtime.
        Assert.Contains("library-framework=.NETCoreApp,Version=v8.0\n", printed, StringComparison.Ordinal);
        Assert.Contains("runtime=10\n", printed, StringComparison.Ordinal);
        output.WriteLine(feed.Timings);
    }

    [Fact]
    public void Netstandard20_library_builds_against_the_netstandard_assets_with_System_Memory()
    {
        var library = ConsumerProject.Library(feed, "lib-netstandard20", "netstandard2.0",
            """
            using System;
            using Swp.Requirements;

            namespace Consumer;

            public static class Probe
            {
                public static int AgentFlows() => Flows.From(Component.Agent).Length;

                public static bool IsManager(string address) => Regions.TryFind(address.AsSpan(), out _);
            }

            """);

        library.AddPackage();
        library.BuildSucceeds();

        using JsonDocument assets = JsonDocument.Parse(File.ReadAllText(library.PathOf(Path.Combine("obj", "project.assets.json"))));
        // The one target: netstandard2.0 (its key is the framework's name or alias, by NuGet version).
        JsonElement target = Assert.Single(assets.RootElement.GetProperty("targets").EnumerateObject()).Value;
        JsonElement package = target.GetProperty($"{PackageFeed.LibraryId}/{feed.Version}");
        Assert.Equal("lib/netstandard2.0/Swp.Requirements.dll", Assert.Single(package.GetProperty("compile").EnumerateObject()).Name);
        Assert.Equal(["System.Memory"], package.GetProperty("dependencies").EnumerateObject().Select(d => d.Name));
    }

    [Fact]
    public void Deployment_files_anywhere_under_the_project_are_additional_files_by_default()
    {
        var app = ConsumerProject.Console(feed, "app-items", "net10.0", "Console.WriteLine();\n");
        app.AddPackage();
        app.Write("prod.swp.json", "{}\n");
        app.Write(Path.Combine("deployments", "eu", "staging.swp.json"), "{}\n");
        app.Write(Path.Combine("bin", "stale.swp.json"), "{}\n");
        app.Write("notes.json", "{}\n");

        string[] items = AdditionalFiles(app);

        Assert.Equal(["deployments/eu/staging.swp.json", "prod.swp.json"], items);

        string project = File.ReadAllText(app.ProjectFile);

        // The default can be turned off.
        app.Write(app.Name + ".csproj", project.Replace("</PropertyGroup>",
            "  <EnableDefaultSwpDeploymentFiles>false</EnableDefaultSwpDeploymentFiles>\n  </PropertyGroup>", StringComparison.Ordinal));
        Assert.Empty(AdditionalFiles(app));
    }

    private string[] AdditionalFiles(ConsumerProject app)
    {
        CommandResult result = feed.DotNet(app.Directory, "msbuild", app.ProjectFile, "-getItem:AdditionalFiles", "-nologo");
        Assert.True(result.ExitCode == 0, result.Describe());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        if (!json.RootElement.GetProperty("Items").TryGetProperty("AdditionalFiles", out JsonElement files))
        {
            return [];
        }

        return files.EnumerateArray()
            .Select(f => f.GetProperty("Identity").GetString()!.Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}

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
        Console.WriteLine($"manager-subnets={string.Join(" ", Regions.Subnets(region).ToArray())}");
        Console.WriteLine($"baseline-flows={Deployment.Baseline.Flows.Count()}");
        Console.WriteLine($"spec-version={SpecInfo.Version}");
        Console.WriteLine($"library-framework={typeof(Flow).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName}");
        Console.WriteLine($"runtime={Environment.Version.Major}");

        """;

    /// <summary>The spec the packed library was compiled from.</summary>
    private const string SpecVersion = "1.1.0";

    /// <summary>The agent's flows in the hand-written transcription of the vendor's page, its web proxy row (spec 1.1.0) included.</summary>
    private static int SeedAgentFlows => SeedTable.Flows.Concat(SeedTable.ProxyFlows).Count(row => row.StartsWith("agent,", StringComparison.Ordinal));

    /// <summary>The flows of the hand-written table that need no condition.</summary>
    private static int SeedBaselineFlows => SeedTable.Flows.Count(row => row.EndsWith(','));

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
        // Spec 1.1.0: Germany's manager starts connections from two subnets (the vendor's page).
        Assert.Contains("manager-subnets=3.69.198.64/27 18.96.34.160/27\n", printed, StringComparison.Ordinal);
        Assert.Contains($"baseline-flows={SeedBaselineFlows}\n", printed, StringComparison.Ordinal);
        Assert.Contains($"spec-version={SpecVersion}\n", printed, StringComparison.Ordinal);
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
        app.Write(Path.Combine("aws", "agents-sg.json"), "{ \"SecurityGroups\": [] }\n");
        // A firewall export a deployment file names: an SwpFirewall item (the package's .targets).
        app.AddItems("<SwpFirewall Include=\"aws/agents-sg.json\" />");

        string[] items = AdditionalFiles(app);

        Assert.Equal(["aws/agents-sg.json", "deployments/eu/staging.swp.json", "prod.swp.json"], items);

        // The default can be turned off; SwpFirewall items stay.
        app.AddProperties("<EnableDefaultSwpDeploymentFiles>false</EnableDefaultSwpDeploymentFiles>");
        Assert.Equal(["aws/agents-sg.json"], AdditionalFiles(app));
    }

    /// <summary>
    /// Issue 9's snippet, exactly as the issue gives it, in a new console app: it compiles
    /// against the packed package (with every warning an error) and prints its one line.
    /// </summary>
    [Fact]
    public void Issue_9_snippet_compiles_against_the_package_and_prints_its_line()
    {
        const string Snippet =
            """
            using System;
            using System.Linq;
            using Swp.Requirements;
            bool ok = IPv4Network.TryParse("3.69.198.64/27", out IPv4Network net) && net.Contains(0x0345C646u);
            SwpIds.TryParseComponent("agent", out var agent);
            SwpIds.TryParseRegion("germany", out var region);
            Deployment d = Deployment.Baseline.WithConditions(Conditions.Relays).WithRegion(region);
            int n = d.Flows.Where(f => f.Source == agent && f.IPProtocol == IPProtocol.Tcp).Count();
            Console.WriteLine($"{ok} {n} {SpecInfo.Version}");

            """;
        var app = ConsumerProject.Console(feed, "app-issue9", "net10.0", Snippet);
        app.AddPackage();
        app.BuildSucceeds();
        string printed = app.RunSucceeds().Output;

        output.WriteLine(printed);
        // By hand: 0x0345C646 is 3.69.198.70, inside 3.69.198.64/27 (.64 to .95): True. The
        // agent's TCP rows of the vendor's table that need no condition or only "relays":
        // manager 443, relay 4122 (relays), Smart Protection Network 80 and 443: 4. The UDP
        // rows (DNS, NTP, syslog) and the rows of other conditions (service gateway, Smart
        // Protection Server) are not counted. The spec is 1.1.0.
        Assert.Equal($"True 4 {SpecVersion}\n", printed);
        // The same count from the hand-written table the other tests use.
        Assert.Equal(4, SeedTable.Flows
            .Select(row => row.Split(','))
            .Count(c => c[0] == "agent" && c[3] == "tcp" && c[4].Split('+', StringSplitOptions.RemoveEmptyEntries).All(condition => condition == "relays")));
        output.WriteLine(feed.Timings);
    }

    /// <summary>
    /// A consumer that keeps its own copies of the spec (to pin or document it) and other JSON as
    /// AdditionalFiles: the package's props keep the spec generator off, so the copies are data.
    /// Were it on, each copy would generate the library's public types a second time (CS0436,
    /// then CS1503 where the two meet) and two copies would be SWP0016.
    /// </summary>
    [Fact]
    public void Consumer_copies_of_the_spec_and_other_additional_files_are_data_and_the_library_types_are_used()
    {
        var app = ConsumerProject.Console(feed, "app-spec-copy", "net10.0",
            """
            using Swp.Requirements;
            using Swp.Requirements.Deployments;

            Console.WriteLine($"spec-version={SpecInfo.Version}");
            Console.WriteLine($"agent-flows={Flows.From(Component.Agent).Length}");
            Console.WriteLine($"flow-assembly={typeof(Flow).Assembly.GetName().Name}");
            Console.WriteLine($"deployment-assembly={typeof(Deployment).Assembly.GetName().Name}");
            Console.WriteLine($"prod-flows={Prod.Flows.Count()}");

            """);
        app.AddPackage();
        string spec = File.ReadAllText(Path.Combine(feed.RepositoryRoot, "spec", "swp-requirements.json"));
        app.Write(Path.Combine("spec", "swp-requirements.json"), spec);
        app.Write(Path.Combine("docs", "pinned", "swp-requirements.json"), spec);
        app.Write("notes.json", """{ "owner": "network team", "ticket": "NET-1234" }""" + "\n");
        app.Write("prod.swp.json", DeploymentFiles.Good);
        app.AddItems(
            "<AdditionalFiles Include=\"spec/swp-requirements.json\" />",
            "<AdditionalFiles Include=\"docs/pinned/swp-requirements.json\" />",
            "<AdditionalFiles Include=\"notes.json\" />");
        app.AddProperties("<EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>");

        Assert.Equal(
            ["docs/pinned/swp-requirements.json", "notes.json", "prod.swp.json", "spec/swp-requirements.json"],
            AdditionalFiles(app));
        CommandResult build = app.BuildSucceeds();

        Assert.Empty(BuildLog.Diagnostics(build));
        Assert.DoesNotContain("CS0436", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS1503", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SWP0016", build.Output, StringComparison.Ordinal);
        // The package's generator wrote one file: the deployment's class. No table, enum or SwpIds.
        string generated = Path.Combine(app.PathOf("obj"), "Debug", "net10.0", "generated", "Swp.Requirements.Generators");
        Assert.Equal(
            ["Swp.Requirements.Generators.DeploymentGenerator/Deployments.Prod.g.cs"],
            Directory.GetFiles(generated, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(generated, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal));

        string printed = app.RunSucceeds().Output;
        output.WriteLine(printed);
        Assert.Contains($"spec-version={SpecVersion}\n", printed, StringComparison.Ordinal);
        Assert.Contains($"agent-flows={SeedAgentFlows}\n", printed, StringComparison.Ordinal);
        Assert.Contains("flow-assembly=Swp.Requirements\ndeployment-assembly=Swp.Requirements\n", printed, StringComparison.Ordinal);
        Assert.Contains("prod-flows=11\n", printed, StringComparison.Ordinal);
        output.WriteLine(feed.Timings);
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

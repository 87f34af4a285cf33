using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Swp.Requirements.Package.Tests.Infrastructure;

namespace Swp.Requirements.Package.Tests;

/// <summary>What is in the packages: file lists (nothing more, nothing less), nuspec metadata,
/// the generator's dependencies, symbols and SourceLink.</summary>
[Collection(PackageTestGroup.Name)]
public sealed partial class PackageContentTests(PackageFeed feed)
{
    private const string RepositoryUrl = "https://github.com/swp-requirements/swp-requirements";
    private const string GeneratorPath = "analyzers/dotnet/cs/Swp.Requirements.Generators.dll";
    private const string DeploymentSchemaPath = "schemas/swp-deployment.schema.json";

    /// <summary>
    /// What every C# compiler host (Roslyn 4.8 and later: the .NET 8 SDK, Visual Studio 17.8)
    /// loads itself, with the newest version the generator may reference: the versions Roslyn 4.8
    /// was built against. Anything else would have to be packed beside the generator.
    /// </summary>
    private static readonly (string Name, Version Newest)[] HostAssemblies =
    [
        ("netstandard", new Version(2, 0, 0, 0)),
        ("Microsoft.CodeAnalysis", new Version(4, 8, 0, 0)),
        ("Microsoft.CodeAnalysis.CSharp", new Version(4, 8, 0, 0)),
        ("System.Collections.Immutable", new Version(7, 0, 0, 0)),
        ("System.Memory", new Version(4, 0, 1, 2)),
    ];

    [Fact]
    public void Library_package_holds_exactly_the_libraries_the_generator_the_props_and_targets_the_schema_and_the_readme()
    {
        Assert.Equal(
            [
                "README.md",
                "Swp.Requirements.nuspec",
                GeneratorPath,
                "build/Swp.Requirements.props",
                "build/Swp.Requirements.targets",
                "buildTransitive/Swp.Requirements.props",
                "buildTransitive/Swp.Requirements.targets",
                "lib/net8.0/Swp.Requirements.dll",
                "lib/net8.0/Swp.Requirements.xml",
                "lib/netstandard2.0/Swp.Requirements.dll",
                "lib/netstandard2.0/Swp.Requirements.xml",
                DeploymentSchemaPath,
            ],
            Nupkg.Files(feed.LibraryPackage));
    }

    /// <summary>
    /// The deployment file schema ships at schemas/, byte for byte the repository's, so an
    /// editor validates *.swp.json offline; it describes every key a deployment file may have,
    /// the package's "firewalls" (SwpFirewall items) included.
    /// </summary>
    [Fact]
    public void Library_package_ships_the_deployment_schema_at_schemas()
    {
        byte[] packed = Nupkg.Read(feed.LibraryPackage, DeploymentSchemaPath);

        Assert.Equal(File.ReadAllBytes(Path.Combine(feed.RepositoryRoot, "spec", "swp-deployment.schema.json")), packed);
        using JsonDocument schema = JsonDocument.Parse(packed);
        JsonElement root = schema.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.EndsWith("/swp-deployment.schema.json", root.GetProperty("$id").GetString(), StringComparison.Ordinal);
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(
            ["$schema", "addresses", "allow", "conditions", "description", "exclude", "firewalls", "ports", "region", "scope"],
            root.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        JsonElement firewall = root.GetProperty("properties").GetProperty("firewalls").GetProperty("items");
        Assert.Equal(["for", "format", "groups", "interfaces", "path", "vnet"], firewall.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("aws", firewall.GetProperty("properties").GetProperty("format").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Symbols_package_holds_the_library_pdbs()
    {
        Assert.Equal(
            [
                "Swp.Requirements.nuspec",
                "lib/net8.0/Swp.Requirements.pdb",
                "lib/netstandard2.0/Swp.Requirements.pdb",
            ],
            Nupkg.Files(feed.LibrarySymbolsPackage));
    }

    [Fact]
    public void Tool_package_holds_exactly_what_runs_and_the_readme()
    {
        Assert.Equal(
            [
                "README.md",
                "Swp.Requirements.Cli.nuspec",
                "tools/net10.0/any/DotnetToolSettings.xml",
                // No Roslyn and no generator: `swp-ports check` runs the shared checker inside the library.
                "tools/net10.0/any/Swp.Requirements.dll",
                "tools/net10.0/any/Swp.Requirements.pdb",
                "tools/net10.0/any/System.CommandLine.dll",
                "tools/net10.0/any/swp-ports.deps.json",
                "tools/net10.0/any/swp-ports.dll",
                "tools/net10.0/any/swp-ports.pdb",
                "tools/net10.0/any/swp-ports.runtimeconfig.json",
            ],
            Nupkg.Files(feed.ToolPackage));
    }

    [Fact]
    public void Library_nuspec_has_the_metadata_users_expect_and_depends_only_on_System_Memory_for_netstandard20()
    {
        XElement metadata = Nupkg.Metadata(feed.LibraryPackage);

        AssertCommonMetadata(metadata, PackageFeed.LibraryId);
        XElement[] groups = [.. metadata.Child("dependencies")!.Children("group")];
        Assert.Equal([".NETStandard2.0", "net8.0"], groups.Select(g => (string)g.Attribute("targetFramework")!).Order(StringComparer.Ordinal));
        Assert.Empty(groups.Single(g => (string?)g.Attribute("targetFramework") == "net8.0").Elements());
        XElement dependency = Assert.Single(groups.Single(g => (string?)g.Attribute("targetFramework") == ".NETStandard2.0").Elements());
        Assert.Equal("System.Memory", (string?)dependency.Attribute("id"));
    }

    [Fact]
    public void Tool_nuspec_is_a_dotnet_tool_with_the_same_metadata_and_no_dependency()
    {
        XElement metadata = Nupkg.Metadata(feed.ToolPackage);

        AssertCommonMetadata(metadata, PackageFeed.ToolId);
        Assert.Equal("DotnetTool", (string?)metadata.Child("packageTypes")!.Child("packageType")!.Attribute("name"));
        Assert.Null(metadata.Child("dependencies"));

        XElement settings = XDocument.Parse(System.Text.Encoding.UTF8.GetString(
            Nupkg.Read(feed.ToolPackage, "tools/net10.0/any/DotnetToolSettings.xml")).TrimStart('\uFEFF')).Root!;
        XElement command = settings.Descendants().Single(e => e.Name.LocalName == "Command");
        Assert.Equal(PackageFeed.ToolCommand, (string?)command.Attribute("Name"));
        Assert.Equal("swp-ports.dll", (string?)command.Attribute("EntryPoint"));
    }

    [Fact]
    public void Generator_is_alone_in_analyzers_and_references_only_what_every_compiler_host_ships()
    {
        Assert.Equal([GeneratorPath], Nupkg.Files(feed.LibraryPackage).Where(f => f.StartsWith("analyzers/", StringComparison.Ordinal)));

        AssemblyFacts generator = AssemblyFacts.Read(Nupkg.Read(feed.LibraryPackage, GeneratorPath));

        Assert.Equal(".NETStandard,Version=v2.0", generator.TargetFramework);
        Assert.True(generator.Optimized, "the packed generator is a Debug build");
        Assert.All(generator.References, reference =>
        {
            (string name, Version version) = reference;
            Assert.True(HostAssemblies.Any(h => h.Name == name),
                $"the generator references {name} {version}, which a compiler host does not ship; pack it beside the generator or drop it");
            Version newest = HostAssemblies.Single(h => h.Name == name).Newest;
            Assert.True(version <= newest, $"the generator references {name} {version}, newer than {newest} that Roslyn 4.8 hosts ship");
        });
        Assert.Contains(generator.References, r => r.Name == "Microsoft.CodeAnalysis");
    }

    [Fact]
    public void Libraries_are_release_builds_for_their_frameworks()
    {
        AssemblyFacts net8 = AssemblyFacts.Read(Nupkg.Read(feed.LibraryPackage, "lib/net8.0/Swp.Requirements.dll"));
        AssemblyFacts netstandard = AssemblyFacts.Read(Nupkg.Read(feed.LibraryPackage, "lib/netstandard2.0/Swp.Requirements.dll"));

        Assert.Equal(".NETCoreApp,Version=v8.0", net8.TargetFramework);
        Assert.Equal(".NETStandard,Version=v2.0", netstandard.TargetFramework);
        Assert.True(net8.Optimized && netstandard.Optimized, "a packed library is a Debug build");
    }

    [Theory]
    [InlineData("lib/net8.0/Swp.Requirements.pdb")]
    [InlineData("lib/netstandard2.0/Swp.Requirements.pdb")]
    public void Pdbs_map_sources_to_the_repository_commit_and_hold_no_machine_path(string pdbPath)
    {
        (string? sourceLink, string[] documents) = AssemblyFacts.ReadPdb(Nupkg.Read(feed.LibrarySymbolsPackage, pdbPath));
        string commit = (string)Nupkg.Metadata(feed.LibraryPackage).Child("repository")!.Attribute("commit")!;

        Assert.NotNull(sourceLink);
        Assert.Contains($"\"/_/*\":\"https://raw.githubusercontent.com/swp-requirements/swp-requirements/{commit}/*\"", sourceLink, StringComparison.Ordinal);
        // A CI build (ContinuousIntegrationBuild) maps the repository to /_/ and the NuGet
        // folder to /_1/; the builder's folders never reach the package.
        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.Matches(@"^/_\d*/", d));
        Assert.Contains(documents, d => d == "/_/src/Swp.Requirements/Flows.cs");
    }

    private void AssertCommonMetadata(XElement metadata, string id)
    {
        Assert.Equal(id, metadata.Child("id")!.Value);
        Assert.Equal(feed.Version, metadata.Child("version")!.Value);
        XElement license = metadata.Child("license")!;
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("README.md", metadata.Child("readme")?.Value);
        Assert.Equal(RepositoryUrl, metadata.Child("projectUrl")?.Value);
        XElement repository = metadata.Child("repository")!;
        Assert.Equal(("git", RepositoryUrl), ((string?)repository.Attribute("type"), (string?)repository.Attribute("url")));
        Assert.Matches(CommitPattern(), (string?)repository.Attribute("commit") ?? string.Empty);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Child("description")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Child("releaseNotes")?.Value));
        Assert.Contains("server-workload-protection", metadata.Child("tags")?.Value.Split(' ') ?? []);
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();
}

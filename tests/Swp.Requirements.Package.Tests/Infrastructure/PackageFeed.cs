using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Swp.Requirements.Package.Tests.Infrastructure;

/// <summary>
/// The packages under test, in a local folder feed, and a sandbox to consume them in. Made once
/// per test run (an xunit collection fixture): either packs the repository's two packable
/// projects into a temporary feed, or, when SWP_PACKAGE_FEED names a folder (.ci/run passes the
/// packages its top-level <c>dotnet pack</c> made), uses the packages there.
/// </summary>
/// <remarks>
/// The sandbox is a temporary folder with a nuget.config that clears every inherited source and
/// adds only the feed (for the Swp.Requirements packages, by package source mapping) and
/// nuget.org (for everything else), empty Directory.Build.props/.targets so nothing above it
/// leaks in, and its own NUGET_PACKAGES folder, so a package of the same version restored
/// earlier can never stand in for the one just packed. SWP_KEEP_PACKAGE_TESTS=1 keeps the
/// folder for a look afterwards.
/// </remarks>
public sealed class PackageFeed : IDisposable
{
    public const string LibraryId = "Swp.Requirements";
    public const string ToolId = "Swp.Requirements.Cli";
    public const string ToolCommand = "swp-ports";

    private readonly object _logLock = new();
    private readonly StringBuilder _log = new();
    private readonly string? _artifactsDirectory;

    public PackageFeed()
    {
        Version = typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SwpPackageVersion").Value
            ?? throw new InvalidOperationException("SwpPackageVersion is not set.");
        RepositoryRoot = FindRepositoryRoot();
        Root = Directory.CreateTempSubdirectory("swp-package-tests-").FullName;
        SandboxDirectory = Path.Combine(Root, "sandbox");
        ToolSandboxDirectory = Path.Combine(Root, "tool-sandbox");
        PackagesDirectory = Path.Combine(Root, "nuget-packages");
        Directory.CreateDirectory(SandboxDirectory);
        Directory.CreateDirectory(ToolSandboxDirectory);
        Directory.CreateDirectory(PackagesDirectory);
        DotNetPath = FindDotNet();

        BuildEnvironment = CleanEnvironment(DotNetPath);
        ConsumerEnvironment = new Dictionary<string, string>(BuildEnvironment, StringComparer.Ordinal)
        {
            ["NUGET_PACKAGES"] = PackagesDirectory,
        };

        string? given = System.Environment.GetEnvironmentVariable("SWP_PACKAGE_FEED");
        if (!string.IsNullOrWhiteSpace(given))
        {
            FeedDirectory = Path.GetFullPath(given);
            Log($"feed: {FeedDirectory} (SWP_PACKAGE_FEED, packed by the caller)");
        }
        else
        {
            FeedDirectory = Path.Combine(Root, "feed");
            // Inside the repository (artifacts/ is ignored by git), so the CI build maps its
            // generated sources to /_/ like any other; separate from bin/ and obj/, so a build
            // running beside the tests is not disturbed.
            _artifactsDirectory = Path.Combine(RepositoryRoot, "artifacts", "package-tests", Path.GetFileName(Root));
            Pack();
        }

        foreach (string package in new[] { LibraryPackage, LibrarySymbolsPackage, ToolPackage })
        {
            if (!File.Exists(package))
            {
                throw new InvalidOperationException($"{package} is missing from the feed {FeedDirectory}; found: "
                    + string.Join(", ", Directory.Exists(FeedDirectory) ? Directory.GetFiles(FeedDirectory).Select(Path.GetFileName) : []));
            }
        }

        WriteSandboxFiles();
    }

    /// <summary>The one version of every package (Directory.Build.props).</summary>
    public string Version { get; }

    public string RepositoryRoot { get; }

    /// <summary>This run's temporary folder.</summary>
    public string Root { get; }

    /// <summary>The folder feed holding the .nupkg and .snupkg files.</summary>
    public string FeedDirectory { get; }

    /// <summary>Where consumer projects live: under the sandbox's nuget.config.</summary>
    public string SandboxDirectory { get; }

    /// <summary>
    /// Where the tool is installed from: nuget.org as the only configured source, as on a user's
    /// machine, and the feed given with --add-source (which package source mapping would refuse).
    /// </summary>
    public string ToolSandboxDirectory { get; }

    /// <summary>The isolated NUGET_PACKAGES of the consumers.</summary>
    public string PackagesDirectory { get; }

    public string DotNetPath { get; }

    public string LibraryPackage => Path.Combine(FeedDirectory, $"{LibraryId}.{Version}.nupkg");

    public string LibrarySymbolsPackage => Path.Combine(FeedDirectory, $"{LibraryId}.{Version}.snupkg");

    public string ToolPackage => Path.Combine(FeedDirectory, $"{ToolId}.{Version}.nupkg");

    /// <summary>The environment for packing: the caller's, less what a parent build or test host sets.</summary>
    public IReadOnlyDictionary<string, string> BuildEnvironment { get; }

    /// <summary>The environment of a consumer: <see cref="BuildEnvironment"/> with the isolated NUGET_PACKAGES.</summary>
    public IReadOnlyDictionary<string, string> ConsumerEnvironment { get; }

    /// <summary>Every command run so far, with its duration.</summary>
    public string Timings
    {
        get
        {
            lock (_logLock)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Runs <c>dotnet</c> as a consumer would, in <paramref name="workingDirectory"/>.</summary>
    internal CommandResult DotNet(string workingDirectory, params string[] arguments) =>
        Timed(Command.Run(DotNetPath, arguments, workingDirectory, ConsumerEnvironment));

    /// <summary>Runs an installed program (the tool's shim) as a consumer would.</summary>
    internal CommandResult Exec(string program, string workingDirectory, params string[] arguments) =>
        Timed(Command.Run(program, arguments, workingDirectory, ConsumerEnvironment));

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("SWP_KEEP_PACKAGE_TESTS") == "1")
        {
            return;
        }

        TryDelete(Root);
        if (_artifactsDirectory is not null)
        {
            TryDelete(_artifactsDirectory);
        }
    }

    /// <summary>Packs the two packable projects in one build, through a solution filter.</summary>
    private void Pack()
    {
        string filter = Path.Combine(Root, "packable.slnf");
        File.WriteAllText(filter, JsonSerializer.Serialize(new
        {
            solution = new
            {
                path = Path.Combine(RepositoryRoot, "Swp.Requirements.sln"),
                projects = new[]
                {
                    Path.Combine("src", "Swp.Requirements", "Swp.Requirements.csproj"),
                    Path.Combine("src", "Swp.Requirements.Cli", "Swp.Requirements.Cli.csproj"),
                },
            },
        }));
        CommandResult result = Timed(Command.Run(
            DotNetPath,
            [
                "pack", filter,
                "-c", "Release",
                "-o", FeedDirectory,
                "--artifacts-path", _artifactsDirectory!,
                "-p:ContinuousIntegrationBuild=true",
                "-nologo", "-tl:off", "-v:m",
            ],
            RepositoryRoot,
            BuildEnvironment));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + result.Describe());
        }
    }

    private CommandResult Timed(CommandResult result)
    {
        Log(string.Create(CultureInfo.InvariantCulture, $"{result.Elapsed.TotalSeconds,6:0.0} s  exit {result.ExitCode}  {result.CommandLine}"));
        return result;
    }

    private void Log(string line)
    {
        lock (_logLock)
        {
            _log.Append(line).Append('\n');
        }
    }

    private void WriteSandboxFiles()
    {
        // Stop MSBuild's search for Directory.Build.* at the sandbox: nothing from above leaks in.
        File.WriteAllText(Path.Combine(SandboxDirectory, "Directory.Build.props"),
            """
            <Project>
              <PropertyGroup>
                <!-- The audit asks nuget.org for advisories on every restore; not what these tests are about. -->
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(SandboxDirectory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(SandboxDirectory, "Directory.Packages.props"),
            "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>\n");
        File.WriteAllText(Path.Combine(SandboxDirectory, "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{FeedDirectory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="{LibraryId}" />
                  <package pattern="{LibraryId}.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
              <config>
                <add key="globalPackagesFolder" value="{PackagesDirectory}" />
              </config>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(ToolSandboxDirectory, "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{PackagesDirectory}" />
              </config>
            </configuration>
            """);
    }

    private static Dictionary<string, string> CleanEnvironment(string dotnet)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            string name = (string)entry.Key;
            // What `dotnet test` and the test host set for themselves (MSBuild's paths, the test
            // platform's settings) would steer the child builds; a consumer has none of it.
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                || name.Equals("NUGET_PACKAGES", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            environment[name] = (string?)entry.Value ?? string.Empty;
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // No MSBuild worker nodes left running after a test.
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        // The tool's shim (an apphost) finds the runtime through DOTNET_ROOT.
        environment["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet)!;
        return environment;
    }

    private static string FindDotNet()
    {
        string? host = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        foreach (string folder in (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            if (folder.Length > 0 && File.Exists(candidate))
            {
                // Resolve a symbolic link (/usr/bin/dotnet) to the installation, for DOTNET_ROOT.
                return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            }
        }

        throw new InvalidOperationException("dotnet was not found on PATH.");
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Swp.Requirements.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Swp.Requirements.sln was not found above " + AppContext.BaseDirectory);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open; the temporary folder is cleaned up by the system.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Every package test shares one <see cref="PackageFeed"/> and runs one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PackageTestGroup : ICollectionFixture<PackageFeed>
{
    public const string Name = "package";
}

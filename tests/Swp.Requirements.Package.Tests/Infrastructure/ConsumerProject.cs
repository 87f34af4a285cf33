using System;
using System.IO;
using System.Linq;

namespace Swp.Requirements.Package.Tests.Infrastructure;

/// <summary>
/// A fresh project in the sandbox that uses the package as a user would: created without any
/// reference, then <c>dotnet add package Swp.Requirements --version X</c>, <c>dotnet build</c>,
/// <c>dotnet run</c>.
/// </summary>
internal sealed class ConsumerProject
{
    private readonly PackageFeed _feed;

    private ConsumerProject(PackageFeed feed, string name)
    {
        _feed = feed;
        Name = name;
        Directory = Path.Combine(feed.SandboxDirectory, name);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Name { get; }

    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");

    /// <summary>A console app, as <c>dotnet new console</c> makes it (implicit usings, nullable).</summary>
    public static ConsumerProject Console(PackageFeed feed, string name, string targetFramework, string programText, bool rollForwardMajor = false)
    {
        var project = new ConsumerProject(feed, name);
        project.Write(name + ".csproj",
            $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>{(rollForwardMajor ? "\n    <RollForward>Major</RollForward>" : string.Empty)}
              </PropertyGroup>
            </Project>

            """);
        project.Write("Program.cs", programText);
        return project;
    }

    /// <summary>A class library, as <c>dotnet new classlib</c> makes it.</summary>
    public static ConsumerProject Library(PackageFeed feed, string name, string targetFramework, string classText)
    {
        var project = new ConsumerProject(feed, name);
        project.Write(name + ".csproj",
            $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{targetFramework}</TargetFramework>
                <LangVersion>latest</LangVersion>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>

            """);
        project.Write("Class1.cs", classText);
        return project;
    }

    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath);

    public void Write(string relativePath, string text)
    {
        string path = PathOf(relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
    }

    public void Delete(string relativePath) => File.Delete(PathOf(relativePath));

    /// <summary>Adds an &lt;ItemGroup&gt; holding <paramref name="items"/> (MSBuild XML, one item a line) at the end of the project file.</summary>
    public void AddItems(params string[] items) =>
        File.WriteAllText(ProjectFile, File.ReadAllText(ProjectFile).Replace(
            "</Project>",
            "  <ItemGroup>\n" + string.Concat(items.Select(item => "    " + item + "\n")) + "  </ItemGroup>\n</Project>",
            StringComparison.Ordinal));

    /// <summary>Adds properties (MSBuild XML, one a line) to the project file's first &lt;PropertyGroup&gt;.</summary>
    public void AddProperties(params string[] properties)
    {
        string text = File.ReadAllText(ProjectFile);
        int end = text.IndexOf("</PropertyGroup>", StringComparison.Ordinal);
        File.WriteAllText(ProjectFile, text.Insert(end, string.Concat(properties.Select(p => "  " + p + "\n  "))));
    }

    /// <summary><c>dotnet add package Swp.Requirements --version X</c>, asserting it worked.</summary>
    public void AddPackage()
    {
        CommandResult result = _feed.DotNet(Directory, "add", ProjectFile, "package", PackageFeed.LibraryId, "--version", _feed.Version);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains($"<PackageReference Include=\"{PackageFeed.LibraryId}\" Version=\"{_feed.Version}\" />", File.ReadAllText(ProjectFile), StringComparison.Ordinal);
    }

    /// <summary><c>dotnet build</c>, every warning an error (a generator that fails to load is a warning, CS8032).</summary>
    public CommandResult Build() => _feed.DotNet(Directory, "build", ProjectFile, "-warnaserror", "-nologo", "-tl:off", "-clp:NoSummary");

    public CommandResult BuildSucceeds()
    {
        CommandResult result = Build();
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }

    /// <summary><c>dotnet run --no-build</c>, asserting exit code 0.</summary>
    public CommandResult RunSucceeds()
    {
        CommandResult result = _feed.DotNet(Directory, "run", "--project", ProjectFile, "--no-build");
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }
}

using System;
using System.IO;

namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>The repository the tests run in: found by walking up to Swp.Requirements.sln.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The real spec's path, as the runtime project passes it to the generator.</summary>
    public static string SpecPath { get; } = Path.Combine(Root, "spec", "swp-requirements.json");

    /// <summary>The real spec's text (File.ReadAllText drops a BOM, as Roslyn does when it reads the file).</summary>
    public static string SpecText { get; } = File.ReadAllText(SpecPath);

    /// <summary>The folder of the hand-written runtime sources the generated code completes.</summary>
    public static string RuntimeSourceFolder { get; } = Path.Combine(Root, "src", "Swp.Requirements");

    private static string FindRoot()
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
}

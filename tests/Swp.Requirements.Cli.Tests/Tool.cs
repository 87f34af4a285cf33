using System;
using System.IO;

namespace Swp.Requirements.Cli.Tests;

/// <summary>Runs <c>swp-ports</c> in this process, as a user would from a shell, and captures what it prints.</summary>
internal static class Tool
{
    /// <summary>The exit code and everything written to standard output and standard error.</summary>
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = SwpPorts.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>As <see cref="Run"/>, with <paramref name="input"/> (UTF-8) as standard input.</summary>
    public static (int Exit, string Output, string Error) RunWithInput(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stdin = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input));
        int exit = SwpPorts.Run(args, output, error, stdin);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A file of the repository, by its path from the root (the folder of Swp.Requirements.sln).</summary>
    public static string RepoFile(string relative)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Swp.Requirements.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), relative);
    }
}

/// <summary>A fresh temporary folder for one test class, deleted with it; files written into it by name.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder and returns the file's path.</summary>
    public string Write(string name, string text)
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

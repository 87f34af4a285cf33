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
}

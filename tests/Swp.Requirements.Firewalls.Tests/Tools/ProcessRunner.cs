using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace Swp.Requirements.Firewalls.Tests.Tools;

/// <summary>What a finished (or killed) process printed.</summary>
internal sealed record ProcessOutput(string CommandLine, int ExitCode, string StdOut, string StdErr, bool TimedOut);

/// <summary>Runs one program with arguments (never through a shell of ours), a time limit and no input.</summary>
internal static class ProcessRunner
{
    public static ProcessOutput Run(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (environment is not null)
        {
            foreach ((string name, string value) in environment)
            {
                start.Environment[name] = value;
            }
        }
        string commandLine = string.Join(' ', new[] { fileName }.Concat(start.ArgumentList).Select(Quote));

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new ProcessOutput(commandLine, -1, "", $"could not start {fileName}: {e.Message}", false);
        }
        process.StandardInput.Close(); // no tool waits for input
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();

        bool timedOut = !process.WaitForExit(timeout);
        if (timedOut)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it ended in between
            }
            process.WaitForExit(5_000);
        }
        else
        {
            process.WaitForExit(); // drains the redirected streams
        }
        // A killed tree closes its pipes; a grandchild that escaped could keep them open, so bound the wait.
        Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(10));
        return new ProcessOutput(
            commandLine,
            timedOut ? -1 : process.ExitCode,
            stdout.IsCompletedSuccessfully ? stdout.Result : "",
            stderr.IsCompletedSuccessfully ? stderr.Result : "",
            timedOut);
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@+%".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

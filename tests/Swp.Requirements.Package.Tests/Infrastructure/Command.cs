using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;

namespace Swp.Requirements.Package.Tests.Infrastructure;

/// <summary>What a finished command did: its exit code, its output (stdout and stderr, interleaved) and its duration.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The command line, exit code and output, for an assertion message.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"$ {CommandLine}\n(exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s)\n{Output}");
}

/// <summary>
/// Runs a program with a given environment and working folder, captures what it prints, and
/// kills it (and its children) when it runs over its time limit.
/// </summary>
internal static class Command
{
    /// <summary>How long one restore, build, pack or tool install may take before it is killed.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(8);

    public static CommandResult Run(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (KeyValuePair<string, string> variable in environment)
        {
            start.Environment[variable.Key] = variable.Value;
        }

        string commandLine = fileName + " " + string.Join(" ", arguments);
        var output = new StringBuilder();
        using var outputClosed = new CountdownEvent(2);
        void OnData(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                outputClosed.Signal();
                return;
            }

            lock (output)
            {
                output.Append(e.Data).Append('\n');
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += OnData;
        process.ErrorDataReceived += OnData;
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        TimeSpan limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"'{commandLine}' did not finish within {limit.TotalMinutes:0} min and was killed. Output so far:\n{Snapshot(output)}"));
        }

        // A grandchild that inherited the pipes (a build server) could keep them open: give the
        // output a moment to drain, then go on with what arrived.
        outputClosed.Wait(TimeSpan.FromSeconds(20));
        clock.Stop();
        return new CommandResult(commandLine, process.ExitCode, Snapshot(output), clock.Elapsed);
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Text;

namespace Swp.Requirements.Firewalls.Tests.Tools;

/// <summary>What one run of an external checker said about one input.</summary>
/// <param name="Tool">The tool, as a person names it ("iptables-nft-restore --test").</param>
/// <param name="CommandLine">The command that ran, with the temporary file's path in it.</param>
/// <param name="ExitCode">Its exit code; -1 when it timed out and was killed.</param>
/// <param name="StdOut">Everything it printed on standard output.</param>
/// <param name="StdErr">Everything it printed on standard error.</param>
/// <param name="TimedOut">True when it ran past its time limit and was killed.</param>
/// <param name="Diagnostics">
/// The complaints the wrapper found in the output although the exit code may be 0 (squid's
/// "unrecognized:" lines, bicep's warnings, cfn-lint's counts, PowerShell parse errors...).
/// </param>
/// <param name="Input">The file the tool was given, numbered by line, for the failure message.</param>
public sealed record ToolResult(
    string Tool,
    string CommandLine,
    int ExitCode,
    string StdOut,
    string StdErr,
    bool TimedOut,
    IReadOnlyList<string> Diagnostics,
    string Input)
{
    /// <summary>Accepted: exit code 0, not timed out, and no diagnostic at all.</summary>
    public bool Ok => ExitCode == 0 && !TimedOut && Diagnostics.Count == 0;

    /// <summary>Fails the test, with the tool's whole output and the input, unless <see cref="Ok"/>.</summary>
    public ToolResult EnsureOk()
    {
        if (!Ok)
        {
            Assert.Fail($"{Tool} rejected the input.\n{Describe()}");
        }
        return this;
    }

    /// <summary>Fails the test unless the tool rejected the input (a check that cannot fail is no check).</summary>
    public ToolResult EnsureRejected()
    {
        if (Ok)
        {
            Assert.Fail($"{Tool} accepted an input it should reject.\n{Describe()}");
        }
        if (TimedOut)
        {
            Assert.Fail($"{Tool} timed out instead of rejecting the input.\n{Describe()}");
        }
        return this;
    }

    /// <summary>The command, exit code, diagnostics, output and the numbered input, for messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("command: ").AppendLine(CommandLine);
        text.Append("exit code: ").Append(ExitCode).AppendLine(TimedOut ? " (timed out, killed)" : "");
        foreach (string diagnostic in Diagnostics)
        {
            text.Append("diagnostic: ").AppendLine(diagnostic);
        }
        AppendBlock(text, "stdout", StdOut);
        AppendBlock(text, "stderr", StdErr);
        AppendBlock(text, "input", Numbered(Input));
        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Tool}: {(Ok ? "ok" : "rejected")} (exit {ExitCode})";

    private static void AppendBlock(StringBuilder text, string name, string content)
    {
        if (content.Length == 0)
        {
            text.Append(name).AppendLine(": (empty)");
            return;
        }
        const int Limit = 20_000;
        string shown = content.Length <= Limit ? content : content[..Limit] + $"\n... ({content.Length - Limit} more characters)";
        text.Append("----- ").Append(name).AppendLine(" -----").AppendLine(shown.TrimEnd('\n'));
    }

    private static string Numbered(string input)
    {
        if (input.Length == 0)
        {
            return "";
        }
        string[] lines = input.Split('\n');
        var text = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            text.Append((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(4)).Append(": ").AppendLine(lines[i].TrimEnd('\r'));
        }
        return text.ToString();
    }
}

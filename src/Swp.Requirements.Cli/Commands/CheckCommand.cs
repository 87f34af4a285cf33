using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Swp.Requirements.Deployments;
using Swp.Requirements.Diagnostics;

namespace Swp.Requirements.Cli.Commands;

/// <summary>
/// <c>swp-ports check FILE...</c>: checks deployment files with the build's own parser and
/// checker (the same code the generator runs) and prints its findings as a compiler would
/// (<c>file(line,col): severity ID: message</c>), then what was and was not checked in each file.
/// </summary>
internal static class CheckCommand
{
    /// <summary>Exit code: a file could not be read.</summary>
    public const int Unreadable = 2;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Deployment files to check. Any file named here is checked, whatever its name (the build checks files named *.swp.json).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", """
            Checks deployment files exactly as the build does: every required flow that the allow rules, taken together, do not let through (or only partly), wrong IP protocols, manager-initiated rules open wider than the region's subnets, unknown IDs, malformed addresses and ports. Prints file(line,col): severity ID: message, then for each file whether its rules were checked: a file with no "allow" describes a deployment and checks no firewall. Exit code 0: no error (warnings allowed); 1: at least one error, including a file that is not valid JSON (SWP1001); 2: a file could not be read (missing, a folder, no permission; the others are still checked).

            Examples:
              swp-ports check prod.swp.json
              swp-ports check deploy/*.swp.json
            """)
        {
            files,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            bool unreadable = false;
            int errors = 0;
            int warnings = 0;
            var states = new List<string>();
            foreach (FileInfo file in parse.GetValue(files) ?? [])
            {
                // The path as typed (FileInfo keeps it), in the summary and the diagnostics: two files of one name stay apart.
                string typed = file.ToString();
                // "-" is standard input, as for every file argument of the tool.
                string path = InputFiles.IsStandardInput(typed) ? typed : file.FullName;
                if (InputFiles.TryRead(path, out string why) is not { } text)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"error: cannot read '{typed}': {why}");
                    unreadable = true;
                    continue;
                }

                DiagnosticInfo[] diagnostics = Check(path, text);
                foreach (DiagnosticInfo d in diagnostics)
                {
                    output.WriteLine(d.Format(Shown(d.Path, path, typed)));
                }

                errors += diagnostics.Count(d => d.Severity == FindingSeverity.Error);
                warnings += diagnostics.Count(d => d.Severity == FindingSeverity.Warning);
                states.Add(State(typed, diagnostics));
            }

            foreach (string state in states)
            {
                output.WriteLine(state);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{states.Count} file(s) read: {errors} error(s), {warnings} warning(s)."));
            return unreadable ? Unreadable : errors > 0 ? 1 : 0;
        });
        return command;
    }

    /// <summary>Checks one file's text, and the firewall exports it names (read from disk); findings by file, line, column.</summary>
    internal static DiagnosticInfo[] Check(string path, string text)
    {
        var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
        return [.. DeploymentCompiler.Compile(path, text, EmbeddedSpec.Result.Spec, document => FirewallTexts(path, document, unreadable), CancellationToken.None).Diagnostics
            .Select(d => d.Id == FindingDescriptors.FirewallNotVisible.Id && unreadable.TryGetValue(d.Arguments[0], out string? why)
                ? FirewallUnreadable(d, d.Arguments[0], why)
                : d)
            .OrderBy(d => d.Path == path ? 0 : 1)
            .ThenBy(d => d.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Range.StartLine)
            .ThenBy(d => d.Range.StartColumn)];
    }

    /// <summary>
    /// SWP1023 as the command line says it: the build's message is about the project's additional
    /// files; here the export was looked for on disk and could not be read.
    /// </summary>
    private static DiagnosticInfo FirewallUnreadable(DiagnosticInfo build, string written, string why) =>
        build with { Message = $"The firewall file '{written}' cannot be read: {why} (the path is relative to the deployment file)" };

    /// <summary>
    /// The firewall exports a deployment file names, read relative to it, and in
    /// <paramref name="unreadable"/> why each one that cannot be read cannot (by the path as
    /// written; the check reports it where it is named).
    /// </summary>
    private static List<FirewallText> FirewallTexts(string path, DeploymentDocument document, Dictionary<string, string> unreadable)
    {
        var texts = new List<FirewallText>();
        foreach (FirewallDocument entry in document.Firewalls)
        {
            string file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path) ?? ".", entry.Path.Value));
            var info = new FileInfo(file);
            if (info.Exists && info.Length == 0)
            {
                // Never opened: a pipe would wait for a writer without end, and an empty export says nothing.
                unreadable[entry.Path.Value] = "it is empty, or a pipe or a device (an export named in a deployment file is a regular file)";
            }
            else if (InputFiles.TryRead(file, out string why) is { } exportText)
            {
                texts.Add(new FirewallText(file, exportText));
            }
            else
            {
                unreadable[entry.Path.Value] = why;
            }
        }

        return texts;
    }

    /// <summary>What was checked in a file, in one line; never "clean" for a file whose rules were not checked.</summary>
    private static string State(string name, DiagnosticInfo[] diagnostics)
    {
        string note = name.EndsWith(".swp.json", StringComparison.OrdinalIgnoreCase) ? "" : " (the build checks only files named *.swp.json)";
        int errors = diagnostics.Count(d => d.Severity == FindingSeverity.Error);
        if (diagnostics.FirstOrDefault(d => d.Id == "SWP1022") is { } summary)
        {
            return $"{name}: rules checked{note}: {summary.Message.Replace("Rules checked: ", "", StringComparison.Ordinal)}; {errors} error(s).";
        }

        int audited = diagnostics.Count(d => d.Id == "SWP2008");
        if (audited > 0)
        {
            return $"{name}: {audited} firewall export(s) audited (see SWP2008 above){note}; {errors} error(s).";
        }

        if (diagnostics.Any(d => d.Id == "SWP1018"))
        {
            return $"{name}: no allow rules: it describes a deployment; no firewall was checked{note}; {errors} error(s).";
        }

        return $"{name}: NOT checked: the file could not be read as a deployment (see the errors above){note}.";
    }

    /// <summary>
    /// A diagnostic's path as the user would write it: the deployment file as typed
    /// (<paramref name="typed"/>, for its full path <paramref name="full"/>), a firewall export it
    /// names beside it relative to that (<c>aws/agents-sg.json</c>).
    /// </summary>
    internal static string Shown(string path, string full, string typed)
    {
        if (path == full)
        {
            return typed;
        }

        string relative = Path.GetRelativePath(Path.GetDirectoryName(full) is { Length: > 0 } folder ? folder : ".", path);
        return Path.IsPathRooted(relative) ? path : Path.Combine(Path.GetDirectoryName(typed) ?? "", relative);
    }
}

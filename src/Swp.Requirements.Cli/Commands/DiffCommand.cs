using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Swp.Requirements.Cli.Output;
using Swp.Requirements.Specs;
using Swp.Requirements.Diagnostics;

namespace Swp.Requirements.Cli.Commands;

/// <summary><c>swp-ports diff [OLD [NEW]]</c>: what changed between two spec versions, one row per change.</summary>
internal static class DiffCommand
{
    private const string ResourcePrefix = "spec/";

    public static Command Create()
    {
        var oldSpec = new Argument<string?>("OLD") { Description = "A spec version this tool knows (" + string.Join(", ", KnownVersions().Select(v => v.Version)) + ") or the path of a spec file. Default: the version before NEW.", Arity = ArgumentArity.ZeroOrOne };
        var newSpec = new Argument<string?>("NEW") { Description = "A spec version or the path of a spec file. Default: the current spec (" + SpecInfo.Version + ").", Arity = ArgumentArity.ZeroOrOne };
        Option<string?> format = CommonOptions.Format();
        var command = new Command("diff", """
            What changed between two versions of the spec, one row per change: change (added-subnet, removed-subnet, added-flow, removed-flow, changed-flow, added-domain, removed-domain, added-id, removed-id, changed-component, changed-note, changed-source), subject (the region for subnets and domains, source->destination port/transport for flows, the kind for IDs) and value (the CIDR, the domain, the new value). Exit code 0: the comparison ran (with or without changes); 2: a spec cannot be read or is not valid (with its file, line and column).

            Examples:
              swp-ports diff                         the previous version against the current one
              swp-ports diff 1.0.0 1.1.0 --format csv
              swp-ports diff 1.1.0 my-edited-spec.json
            """)
        {
            oldSpec, newSpec, format,
        };
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            string newName = parse.GetValue(newSpec) ?? SpecInfo.Version;
            RequirementSpec? after = Load(newName, error);
            if (after is null)
            {
                return SwpPorts.UsageError;
            }

            string? oldName = parse.GetValue(oldSpec) ?? Previous(after.SpecVersion);
            if (oldName is null)
            {
                error.WriteLine($"error: no spec version before {after.SpecVersion} is known; name OLD.");
                return SwpPorts.UsageError;
            }

            RequirementSpec? before = Load(oldName, error);
            if (before is null)
            {
                return SwpPorts.UsageError;
            }

            var grid = new Grid(new Column("change"), new Column("subject"), new Column("value"));
            foreach (SpecChange change in SpecDiff.Compare(before, after))
            {
                grid.Add(change.Kind, change.Subject, change.Value);
            }

            GridWriter.Write(grid, CommonOptions.FormatOf(parse, format), parse.InvocationConfiguration.Output);
            error.WriteLine($"note: {grid.Rows.Count} change(s) from {before.SpecVersion} to {after.SpecVersion}.");
            return 0;
        });
        return command;
    }

    /// <summary>The spec versions embedded in this tool: every released one and the current one.</summary>
    internal static List<(string Version, string Resource)> KnownVersions()
    {
        var versions = new List<(string, string)>();
        foreach (string name in typeof(DiffCommand).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            // spec/swp-requirements-1.0.0 (a released version) or spec/current (the library's own spec).
            string version = name == ResourcePrefix + "current" ? SpecInfo.Version : name[(ResourcePrefix.Length + "swp-requirements-".Length)..];
            versions.Add((version, name));
        }

        return [.. versions.GroupBy(v => v.Item1).Select(g => g.Last()).OrderBy(v => Version.Parse(v.Item1))];
    }

    private static string? Previous(string version)
    {
        Version current = Version.Parse(version);
        return KnownVersions().Select(v => v.Version).LastOrDefault(v => Version.Parse(v) < current);
    }

    /// <summary>A known version or a spec file, compiled by the build's own spec compiler (shared source); null after printing why not.</summary>
    internal static RequirementSpec? Load(string nameOrPath, TextWriter error)
    {
        string path;
        string? text;
        (string Version, string Resource) known = KnownVersions().FirstOrDefault(v => v.Version == nameOrPath);
        if (known.Resource is not null)
        {
            path = "spec " + known.Version;
            using Stream stream = typeof(DiffCommand).Assembly.GetManifestResourceStream(known.Resource)!;
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        else
        {
            path = InputFiles.IsStandardInput(nameOrPath) ? nameOrPath : Path.GetFullPath(nameOrPath);
            if (InputFiles.TryRead(path, out string why) is not { } read)
            {
                string versions = string.Join(", ", KnownVersions().Select(v => v.Version));
                error.WriteLine($"error: '{nameOrPath}' is neither a spec version this tool knows ({versions}) nor a readable spec file: {why}");
                return null;
            }

            text = read;
        }

        SpecResult result = SpecCompiler.Compile(path, text, CancellationToken.None);
        if (result.Spec is { } spec)
        {
            return spec;
        }

        foreach (DiagnosticInfo d in result.Diagnostics.Where(d => d.Severity == FindingSeverity.Error))
        {
            error.WriteLine(d.Format());
        }

        error.WriteLine($"error: '{nameOrPath}' is not a valid spec (see above).");
        return null;
    }
}

using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Swp.Requirements.Cli.Output;

namespace Swp.Requirements.Cli.Commands;

/// <summary>Options several commands share, and parsers that turn IDs into enums with clear errors.</summary>
internal static class CommonOptions
{
    /// <summary>
    /// For a component the deployment has no flow at: "enable its condition (e.g. --with relays,relay-localhost-port) or "
    /// (the conditions of its flow that needs the fewest), or "" when one of its flows needs none.
    /// </summary>
    public static string EnableHint(Component component)
    {
        Conditions[] needed = [.. Flows.All.ToArray()
            .Where(f => f.Source == component || f.Destination == component)
            .Select(f => f.Conditions)
            .OrderBy(c => System.Numerics.BitOperations.PopCount((uint)c))];
        return needed.Length == 0 || needed[0] == Conditions.None
            ? ""
            : $"enable its condition (e.g. --with {SwpIds.FormatConditions(needed[0]).Replace('+', ',')}) or ";
    }

    /// <summary>
    /// Why <paramref name="path"/> could not be read (or, with <paramref name="writing"/>, written):
    /// it is a folder, it (or, when writing, its folder) does not exist, else the system's reason.
    /// </summary>
    public static string WhyNot(string path, Exception e, bool writing = false) =>
        Directory.Exists(path) ? "it is a folder, not a file"
        : writing && Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder) ? $"no such folder '{folder}'"
        : !writing && e is FileNotFoundException or DirectoryNotFoundException ? "no such file"
        : e.Message;

    public static Option<OutputFormat> Format() => new("--format", "-f")
    {
        Description = "Output format: table, csv, json or markdown.",
        HelpName = "table|csv|json|markdown",
        DefaultValueFactory = _ => OutputFormat.Table,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (Enum.TryParse(text, ignoreCase: true, out OutputFormat format) && Enum.IsDefined(format) && !int.TryParse(text, out _))
            {
                return format;
            }

            result.AddError($"Unknown format '{text}'. Valid formats: table, csv, json, markdown.");
            return OutputFormat.Table;
        },
    };

    /// <summary>
    /// An option that may be repeated and takes comma-separated IDs, each parsed by
    /// <paramref name="parse"/> (which throws <see cref="FormatException"/> naming the valid IDs).
    /// </summary>
    public static Option<T[]> Ids<T>(string name, string description, string helpName, Func<string, T> parse) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => ParseAll(result, parse),
    };

    /// <summary>An option that takes one component ID.</summary>
    public static Option<Component?> Component(string name, string description) => new(name)
    {
        Description = description + " One of: " + string.Join(", ", SwpIds.ComponentIds.ToArray()) + ".",
        HelpName = "COMPONENT",
        CustomParser = result => ParseAll(result, SwpIds.ParseComponent).Cast<Component?>().LastOrDefault(),
    };

    /// <summary>Parses every token of an option, reporting each bad one.</summary>
    public static T[] ParseAll<T>(ArgumentResult result, Func<string, T> parse)
    {
        var values = new List<T>();
        foreach (string id in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            try
            {
                values.Add(parse(id));
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
            }
        }

        return [.. values];
    }
}

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

    /// <summary>The IDs of <see cref="OutputFormat"/>, as <c>--format</c> takes them.</summary>
    public static readonly string[] FormatIds = ["table", "csv", "json", "markdown"];

    /// <summary>
    /// <c>--format</c> of the commands that print rows. A string option, so that help shows the
    /// default as the user types it (<c>[default: table]</c>); read it with <see cref="FormatOf"/>.
    /// </summary>
    public static Option<string?> Format()
    {
        var option = new Option<string?>("--format", "-f")
        {
            Description = "Output format: table, csv, json or markdown.",
            HelpName = string.Join("|", FormatIds),
            DefaultValueFactory = _ => "table",
        };
        OneOf(option, "format", FormatIds, ignoreCase: true);
        return option;
    }

    /// <summary>The value of an option made by <see cref="Format"/> (validated: any case of an ID).</summary>
    public static OutputFormat FormatOf(ParseResult parse, Option<string?> option) =>
        Enum.Parse<OutputFormat>(parse.GetValue(option) ?? "table", ignoreCase: true);

    /// <summary>
    /// The one message for a value an enum-like option does not take, e.g.
    /// <c>unknown format 'cvs' for --format; did you mean 'csv'? (one of: table, csv, json, markdown)</c>.
    /// <paramref name="suggestion"/> overrides the closest ID by spelling (e.g. a render format's reader).
    /// </summary>
    public static string UnknownValue(string kind, string value, string option, IReadOnlyList<string> valid, string? suggestion = null)
    {
        string? closest = suggestion ?? Text.IdSuggestion.Closest(value.ToLowerInvariant(), valid.ToArray());
        return $"unknown {kind} '{value}' for {option}{(closest is null ? "" : $"; did you mean '{closest}'?")} (one of: {string.Join(", ", valid)})";
    }

    /// <summary>
    /// Restricts an option to <paramref name="valid"/> and <paramref name="aliases"/> (ordinal, or
    /// ignoring case), reporting any other value with <see cref="UnknownValue"/> (which lists
    /// <paramref name="valid"/>, not the aliases); <paramref name="suggest"/> may name the ID to suggest for a value.
    /// </summary>
    public static void OneOf(Option<string?> option, string kind, IReadOnlyList<string> valid, Func<string, string?>? suggest = null, bool ignoreCase = false, IReadOnlyList<string>? aliases = null)
    {
        StringComparer comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        option.Validators.Add(result =>
        {
            foreach (Token token in result.Tokens)
            {
                if (!valid.Contains(token.Value, comparer) && aliases?.Contains(token.Value, comparer) != true)
                {
                    result.AddError(UnknownValue(kind, token.Value, option.Name, valid, suggest?.Invoke(token.Value)));
                }
            }
        });
        option.CompletionSources.Add(valid.ToArray());
    }

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

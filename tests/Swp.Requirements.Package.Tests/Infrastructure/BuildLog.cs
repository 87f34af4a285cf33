using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Swp.Requirements.Package.Tests.Infrastructure;

/// <summary>One diagnostic as <c>dotnet build</c> prints it: <c>FILE(LINE,COLUMN): error ID: MESSAGE [PROJECT]</c>.</summary>
internal sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message);

/// <summary>Reads the diagnostics out of a build's console log, and finds positions in the files the tests write.</summary>
internal static partial class BuildLog
{
    /// <summary>
    /// Every diagnostic with a position, once each (MSBuild prints errors again in its summary
    /// unless -clp:NoSummary). The message keeps everything before the project in brackets
    /// (the help link included); the file is the path exactly as the compiler prints it.
    /// </summary>
    public static IReadOnlyList<BuildDiagnostic> Diagnostics(CommandResult build) =>
        build.Output.Split('\n')
            .Select(line => DiagnosticLine().Match(line.TrimEnd('\r').Trim()))
            .Where(m => m.Success)
            .Select(m => new BuildDiagnostic(
                m.Groups["file"].Value,
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["severity"].Value,
                m.Groups["id"].Value,
                m.Groups["message"].Value))
            .Distinct()
            .ToList();

    /// <summary>The one-based (line, column) of the first <paramref name="token"/> in <paramref name="text"/>, as compilers print it.</summary>
    public static (int Line, int Column) PositionOf(string text, string token) => PositionAt(text, IndexOf(text, token));

    /// <summary>The one-based (line, column) of the character at <paramref name="offset"/>.</summary>
    public static (int Line, int Column) PositionAt(string text, int offset)
    {
        int lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        return (text.Take(offset).Count(c => c == '\n') + 1, offset - lineStart + 1);
    }

    /// <summary>Where <paramref name="token"/> first is, asserting it is there.</summary>
    public static int IndexOf(string text, string token)
    {
        int offset = text.IndexOf(token, StringComparison.Ordinal);
        Assert.True(offset >= 0, $"{token} is not in the test file");
        return offset;
    }

    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning|info) (?<id>[A-Za-z]+\d+): (?<message>.*) \[(?<project>[^\[\]]+\.csproj)\]$")]
    private static partial Regex DiagnosticLine();
}

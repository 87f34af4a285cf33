using System;
using System.Globalization;
using Swp.Requirements.Json;
using Swp.Requirements.Specs;

namespace Swp.Requirements.Diagnostics;

/// <summary>
/// A located finding as plain, equatable data: its ID (<see cref="FindingDescriptors"/>), the file,
/// the span and line positions in it, and the arguments of its message. The generator turns it into
/// a Roslyn diagnostic when it reports it; the tool prints it as a compiler would.
/// </summary>
internal sealed record DiagnosticInfo(string Id, string Path, TextRange Range, EquatableArray<string> Arguments)
{
    /// <summary>The kind of finding.</summary>
    public FindingDescriptor Descriptor => FindingDescriptors.ById(Id);

    /// <summary>Its severity, from its descriptor.</summary>
    public FindingSeverity Severity => Descriptor.Severity;

    private readonly string? _message;

    /// <summary>
    /// The message with its arguments filled in, as the compiler would print it; a host that says
    /// the same finding in its own words (the tool, of a file it read from disk) sets it.
    /// </summary>
    public string Message
    {
        get => _message ?? string.Format(CultureInfo.InvariantCulture, Descriptor.MessageFormat, [.. Arguments]);
        init => _message = value;
    }

    /// <summary>
    /// As a compiler prints it, e.g. <c>prod.swp.json(12,7): error SWP1006: Unknown condition 'relay'</c>
    /// (1-based line and column), with <paramref name="shownPath"/> in place of the path when given.
    /// </summary>
    public string Format(string? shownPath = null)
    {
        string severity = Severity switch
        {
            FindingSeverity.Error => "error",
            FindingSeverity.Warning => "warning",
            _ => "info",
        };
        return FormattableString.Invariant($"{shownPath ?? Path}({Range.StartLine + 1},{Range.StartColumn + 1}): {severity} {Id}: {Message}");
    }
}

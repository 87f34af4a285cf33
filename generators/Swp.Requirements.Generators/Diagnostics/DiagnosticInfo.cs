using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Json;
using Swp.Requirements.Generators.Model;

namespace Swp.Requirements.Generators.Diagnostics;

/// <summary>
/// A finding held as plain, equatable data (no <see cref="Location"/> or <see cref="Diagnostic"/>),
/// turned into a Roslyn diagnostic only when it is reported.
/// </summary>
internal sealed record DiagnosticInfo(string Id, string Path, TextRange Range, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        var span = new TextSpan(Range.Start, Range.Length);
        var lines = new LinePositionSpan(
            new LinePosition(Range.StartLine, Range.StartColumn),
            new LinePosition(Range.EndLine, Range.EndColumn));
        object[] args = new object[Arguments.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        return Diagnostic.Create(DiagnosticDescriptors.ById(Id), Location.Create(Path, span, lines), args);
    }

    /// <summary>The message with its arguments filled in, as the compiler would print it.</summary>
    public string Message => string.Format(
        System.Globalization.CultureInfo.InvariantCulture,
        DiagnosticDescriptors.ById(Id).MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [.. Arguments]);
}

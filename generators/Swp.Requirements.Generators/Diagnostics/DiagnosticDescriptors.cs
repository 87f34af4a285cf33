using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Swp.Requirements.Diagnostics;

namespace Swp.Requirements.Generators.Diagnostics;

/// <summary>
/// The Roslyn view of <see cref="FindingDescriptors"/> (the one list of SWP IDs, shared with the
/// library and the tool): a <see cref="DiagnosticDescriptor"/> per ID, and findings turned into
/// <see cref="Diagnostic"/>s only when the generator reports them.
/// </summary>
internal static class DiagnosticDescriptors
{
    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = FindingDescriptors.All
        .ToDictionary(d => d.Id, ToRoslyn, StringComparer.Ordinal);

    public static DiagnosticDescriptor JsonSyntax => ById(FindingDescriptors.JsonSyntax.Id);

    public static DiagnosticDescriptor DeploymentJsonSyntax => ById(FindingDescriptors.DeploymentJsonSyntax.Id);

    public static DiagnosticDescriptor GeneratorFailure => ById(FindingDescriptors.GeneratorFailure.Id);

    /// <summary>Every descriptor, ordered by ID.</summary>
    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values.OrderBy(d => d.Id, StringComparer.Ordinal);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    /// <summary>A finding as the compiler reports it: its descriptor, its file, span and line positions, its arguments.</summary>
    public static Diagnostic ToDiagnostic(this DiagnosticInfo finding)
    {
        var span = new TextSpan(finding.Range.Start, finding.Range.Length);
        var lines = new LinePositionSpan(
            new LinePosition(finding.Range.StartLine, finding.Range.StartColumn),
            new LinePosition(finding.Range.EndLine, finding.Range.EndColumn));
        object[] args = new object[finding.Arguments.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = finding.Arguments[i];
        }

        return Diagnostic.Create(ById(finding.Id), Location.Create(finding.Path, span, lines), args);
    }

    private static DiagnosticDescriptor ToRoslyn(FindingDescriptor d) => new(
        d.Id,
        d.Title,
        d.MessageFormat,
        d.Category,
        d.Severity switch
        {
            FindingSeverity.Error => DiagnosticSeverity.Error,
            FindingSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        },
        isEnabledByDefault: true,
        helpLinkUri: d.HelpLink);
}

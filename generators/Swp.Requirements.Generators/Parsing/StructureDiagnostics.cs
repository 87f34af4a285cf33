using Microsoft.CodeAnalysis;
using Swp.Requirements.Generators.Diagnostics;

namespace Swp.Requirements.Generators.Parsing;

/// <summary>
/// The diagnostics for faults of shape (JSON syntax, duplicate, unknown, missing or wrongly typed
/// properties), which spec files (SWP0xxx) and deployment files (SWP1xxx) report under their own IDs.
/// </summary>
internal sealed record StructureDiagnostics(
    DiagnosticDescriptor JsonSyntax,
    DiagnosticDescriptor DuplicateProperty,
    DiagnosticDescriptor UnknownProperty,
    DiagnosticDescriptor MissingProperty,
    DiagnosticDescriptor WrongType)
{
    public static readonly StructureDiagnostics Spec = new(
        DiagnosticDescriptors.JsonSyntax,
        DiagnosticDescriptors.DuplicateProperty,
        DiagnosticDescriptors.UnknownProperty,
        DiagnosticDescriptors.MissingProperty,
        DiagnosticDescriptors.WrongType);

    public static readonly StructureDiagnostics Deployment = new(
        DiagnosticDescriptors.DeploymentJsonSyntax,
        DiagnosticDescriptors.DeploymentDuplicateProperty,
        DiagnosticDescriptors.DeploymentUnknownProperty,
        DiagnosticDescriptors.DeploymentMissingProperty,
        DiagnosticDescriptors.DeploymentWrongType);
}

using Swp.Requirements.Diagnostics;

namespace Swp.Requirements.Specs;

/// <summary>
/// The diagnostics for faults of shape (JSON syntax, duplicate, unknown, missing or wrongly typed
/// properties), which spec files (SWP0xxx) and deployment files (SWP1xxx) report under their own IDs.
/// </summary>
internal sealed record StructureDiagnostics(
    FindingDescriptor JsonSyntax,
    FindingDescriptor DuplicateProperty,
    FindingDescriptor UnknownProperty,
    FindingDescriptor MissingProperty,
    FindingDescriptor WrongType)
{
    public static readonly StructureDiagnostics Spec = new(
        FindingDescriptors.JsonSyntax,
        FindingDescriptors.DuplicateProperty,
        FindingDescriptors.UnknownProperty,
        FindingDescriptors.MissingProperty,
        FindingDescriptors.WrongType);

    public static readonly StructureDiagnostics Deployment = new(
        FindingDescriptors.DeploymentJsonSyntax,
        FindingDescriptors.DeploymentDuplicateProperty,
        FindingDescriptors.DeploymentUnknownProperty,
        FindingDescriptors.DeploymentMissingProperty,
        FindingDescriptors.DeploymentWrongType);
}

using Swp.Requirements.Specs;
using Swp.Requirements.Diagnostics;

namespace Swp.Requirements.Deployments;

/// <summary>
/// A deployment file resolved against the spec: what the emitter needs for its class (the
/// deployment's choices and indexes into the library's table, never copies of flows). Indexes
/// point into <see cref="RequirementSpec"/>'s lists. Equatable and free of Roslyn types.
/// </summary>
/// <param name="FileName">The file's name, e.g. <c>prod.swp.json</c>.</param>
/// <param name="Description">The file's description, or null.</param>
/// <param name="Region">The region's index, or -1 when the file names none.</param>
/// <param name="ConditionMask">The enabled conditions (named ports add their component's condition).</param>
/// <param name="PortOverrides">The changed default ports, in the file's order.</param>
/// <param name="Addresses">The addresses the file gives per component.</param>
/// <param name="Scope">The components the firewall is for; empty for all.</param>
/// <param name="Exclusions">The required flows the firewall leaves out, with the reason.</param>
/// <param name="ManagerAtVendorSubnets">The manager is where the vendor's pages put it (<c>"server-workload-protection": "vendor"</c>).</param>
internal sealed record DeploymentModel(
    string FileName,
    string? Description,
    int Region,
    uint ConditionMask,
    EquatableArray<PortOverrideItem> PortOverrides,
    EquatableArray<AddressItem> Addresses,
    EquatableArray<int> Scope,
    EquatableArray<ExclusionItem> Exclusions,
    bool ManagerAtVendorSubnets = false)
{
    /// <summary>The model of a file that could not be read as a deployment: no region, no condition, no flow.</summary>
    public static DeploymentModel Empty(string fileName) => new(fileName, null, -1, 0, default, default, default, default);
}

/// <summary>
/// Flows to component <paramref name="Destination"/> on <paramref name="DefaultPort"/> (from
/// <paramref name="Source"/> only, or from every source when it is -1) use <paramref name="Port"/>.
/// </summary>
internal sealed record PortOverrideItem(int Source, int Destination, int DefaultPort, int Port);

/// <summary>A network a component has in the deployment.</summary>
internal sealed record AddressItem(int Component, uint Network, int PrefixLength);

/// <summary>A required flow (index into the spec's flows) the firewall leaves out, and why.</summary>
internal sealed record ExclusionItem(int Flow, string Reason);

/// <summary>An additional file that may be a firewall export a deployment file names: its path and text.</summary>
internal sealed record FirewallText(string Path, string? Text);

/// <summary>One deployment file's outcome: its model (absent when the file is not a JSON object) and every finding.</summary>
internal sealed record DeploymentResult(string Path, DeploymentModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

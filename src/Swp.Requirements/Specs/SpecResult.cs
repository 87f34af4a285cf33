using Swp.Requirements.Diagnostics;

namespace Swp.Requirements.Specs;

/// <summary>What parsing one spec file gives: the spec when it has no error, and every finding.</summary>
internal sealed record SpecResult(string Path, RequirementSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

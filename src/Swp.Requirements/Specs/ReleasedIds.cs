using System.Linq;

namespace Swp.Requirements.Specs;

/// <summary>
/// The IDs a released spec version gave each generated enum, in order (an ID's position is its
/// enum value; a condition's is its bit). Compiled from <c>spec/versions/swp-requirements-*.json</c>
/// so the validator can refuse a spec that would give a released value to another ID (SWP0019).
/// </summary>
internal sealed record ReleasedIds(
    string Version,
    EquatableArray<string> Conditions,
    EquatableArray<string> ApplicationProtocols,
    EquatableArray<string> Components,
    EquatableArray<string> Regions,
    EquatableArray<string> NamedPorts)
{
    /// <summary>The IDs of a compiled released spec.</summary>
    public static ReleasedIds From(RequirementSpec spec) => new(
        spec.SpecVersion,
        spec.Conditions.Select(c => c.Id).ToEquatableArray(),
        spec.ApplicationProtocols.Select(p => p.Id).ToEquatableArray(),
        spec.Components.Select(c => c.Id).ToEquatableArray(),
        spec.Regions.Select(r => r.Id).ToEquatableArray(),
        spec.NamedPorts.Select(n => n.Id).ToEquatableArray());

    /// <summary>True for the file name of a released spec version (<c>swp-requirements-1.0.0.json</c>).</summary>
    public static bool IsReleasedSpecFile(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        return name.StartsWith("swp-requirements-", System.StringComparison.OrdinalIgnoreCase)
            && name.EndsWith(".json", System.StringComparison.OrdinalIgnoreCase)
            && !name.EndsWith(".schema.json", System.StringComparison.OrdinalIgnoreCase);
    }
}

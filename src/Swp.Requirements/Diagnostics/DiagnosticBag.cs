using System.Collections.Generic;
using Swp.Requirements.Json;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;

namespace Swp.Requirements.Diagnostics;

/// <summary>Collects the findings of one file, in the order they are found.</summary>
internal sealed class DiagnosticBag(string path)
{
    private readonly List<DiagnosticInfo> _items = [];

    public string Path { get; } = path;

    public bool HasErrors { get; private set; }

    public void Add(string id, TextRange range, params string[] arguments)
    {
        _items.Add(new DiagnosticInfo(id, Path, range, arguments.ToEquatableArray()));
        if (FindingDescriptors.ById(id).Severity == FindingSeverity.Error)
        {
            HasErrors = true;
        }
    }

    /// <summary>A finding in another file than the bag's (a firewall file a deployment file names).</summary>
    public void AddAt(string path, string id, TextRange range, params string[] arguments)
    {
        _items.Add(new DiagnosticInfo(id, path, range, arguments.ToEquatableArray()));
        if (FindingDescriptors.ById(id).Severity == FindingSeverity.Error)
        {
            HasErrors = true;
        }
    }

    public EquatableArray<DiagnosticInfo> ToEquatableArray() => _items.ToEquatableArray();
}

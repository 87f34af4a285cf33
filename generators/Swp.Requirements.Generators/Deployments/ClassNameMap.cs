using System;
using System.Collections.Immutable;
using System.Linq;
using Swp.Requirements.Specs;
using Swp.Requirements.Deployments;

namespace Swp.Requirements.Generators.Deployments;

/// <summary>A deployment file's path and the class name it gets.</summary>
internal readonly record struct PathClassName(string Path, string ClassName);

/// <summary>
/// The class name of every deployment file, made from the set of paths alone
/// (<see cref="DeploymentNaming.ClassNames"/>), sorted by path; compared by content, so the
/// incremental pipeline caches it while no file is added, removed or renamed.
/// </summary>
internal sealed record ClassNameMap(EquatableArray<PathClassName> Entries)
{
    /// <summary>
    /// The names of <paramref name="paths"/>, in any order (ordinal path order decides who takes a
    /// number). A path listed twice names one class: the compiler reads a file listed twice once
    /// (an AdditionalFiles item by hand and by the package's glob; a package test proves it).
    /// </summary>
    public static ClassNameMap Create(ImmutableArray<string> paths)
    {
        string[] ordered = [.. paths.Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal)];
        string[] names = DeploymentNaming.ClassNames(ordered);
        return new ClassNameMap(ordered.Select((p, i) => new PathClassName(p, names[i])).ToEquatableArray());
    }

    /// <summary>The class name of <paramref name="path"/> (a binary search).</summary>
    public string NameOf(string path)
    {
        ReadOnlySpan<PathClassName> entries = Entries.AsSpan();
        int lo = 0;
        int hi = entries.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            int c = string.CompareOrdinal(entries[mid].Path, path);
            if (c == 0)
            {
                return entries[mid].ClassName;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        throw new InvalidOperationException("No class name for " + path + ".");
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Swp.Requirements.Generators.Deployments;

/// <summary>
/// Class names for deployment files: <c>prod.swp.json</c> → <c>Prod</c>, <c>eu-west_2.swp.json</c>
/// → <c>EuWest2</c>. Files that would share a name (same file name in two folders) take their
/// folder's name in front (<c>EuProd</c>, <c>UsProd</c>), then a number if still needed. A name
/// that is one of the class's own members (<c>flows.swp.json</c>) takes <c>File</c> behind it
/// (<c>FlowsFile</c>): a member may not have its class's name (CS0542).
/// </summary>
internal static class DeploymentNaming
{
    public const string Extension = ".swp.json";

    /// <summary>The public members of the class <see cref="Emitting.DeploymentEmitter"/> writes.</summary>
    private static readonly string[] s_memberNames = ["FileName", "Deployment", "Flows", "AddressesOf", "Scope", "Excluded"];

    /// <summary>True for a file the deployment generator reads.</summary>
    public static bool IsDeploymentFile(string path) =>
        path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) && Path.GetFileName(path).Length > Extension.Length;

    /// <summary>One unique class name per path, in the order given.</summary>
    public static string[] ClassNames(IReadOnlyList<string> paths)
    {
        string[] names = paths.Select(p => Pascal(Path.GetFileName(p).Substring(0, Path.GetFileName(p).Length - Extension.Length))).ToArray();
        // Names are compared ignoring case: the hint names made of them must differ that way (they become file names).
        foreach (IGrouping<string, int> clash in Enumerable.Range(0, names.Length).GroupBy(i => names[i], StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToList())
        {
            foreach (int i in clash)
            {
                names[i] = Pascal(Path.GetFileName(Path.GetDirectoryName(paths[i]) ?? "")) + names[i];
            }
        }

        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < names.Length; i++)
        {
            string stem = Array.IndexOf(s_memberNames, names[i]) >= 0 ? names[i] + "File" : names[i];
            string name = stem;
            for (int n = 2; !used.Add(name); n++)
            {
                name = stem + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            names[i] = name;
        }

        return names;
    }

    /// <summary>PascalCase of the letters and digits of <paramref name="text"/>; never empty, never starting with a digit.</summary>
    private static string Pascal(string text)
    {
        var sb = new StringBuilder();
        bool upper = true;
        foreach (char c in text)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9'))
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return sb.Length == 0 || char.IsDigit(sb[0]) ? "Deployment" + sb : sb.ToString();
    }
}

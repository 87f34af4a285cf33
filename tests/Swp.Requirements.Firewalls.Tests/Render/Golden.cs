using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>
/// Golden files: Render/Golden/&lt;format&gt;/&lt;case&gt;.&lt;extension&gt; in the source tree, one per
/// dialect and case, compared byte for byte. SWP_UPDATE_GOLDEN=1 rewrites them instead (then
/// review the diff); nothing else ever writes them.
/// </summary>
public static class Golden
{
    /// <summary>The file extension of each format's output (each dialect's <see cref="FirewallDialect.FileExtension"/>).</summary>
    public static readonly IReadOnlyDictionary<string, string> Extensions =
        FirewallRenderers.All.ToDictionary(r => r.Format, r => r.Dialect.FileExtension, StringComparer.Ordinal);

    /// <summary>True when SWP_UPDATE_GOLDEN=1: golden files are written, not compared.</summary>
    public static bool Updating => Environment.GetEnvironmentVariable("SWP_UPDATE_GOLDEN") == "1";

    /// <summary>Every (format, case) pair, for theories.</summary>
    public static IEnumerable<object[]> FormatsAndCases() =>
        from format in FirewallRenderers.Formats
        from name in TestPolicies.Cases
        select new object[] { format, name };

    /// <summary>The path of a golden file.</summary>
    public static string PathOf(string format, string name)
    {
        string root = ExternalTools.RepositoryRoot() ?? throw new InvalidOperationException("No Swp.Requirements.sln above the test assembly.");
        return Path.Combine(root, "tests", "Swp.Requirements.Firewalls.Tests", "Render", "Golden", format, name + "." + Extensions[format]);
    }

    /// <summary>Compares <paramref name="actual"/> with the golden file, or writes it when updating.</summary>
    public static void Check(string format, string name, string actual)
    {
        string path = PathOf(format, name);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new System.Text.UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path), $"No golden file {path}: run the tests with SWP_UPDATE_GOLDEN=1 and review it.");
        string expected = File.ReadAllText(path, new System.Text.UTF8Encoding(false));
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            string[] e = expected.Split('\n');
            string[] a = actual.Split('\n');
            int line = 0;
            while (line < e.Length && line < a.Length && e[line] == a[line])
            {
                line++;
            }

            Assert.Fail($"{format}/{name} differs from {path} at line {line + 1}:\nexpected: {(line < e.Length ? e[line] : "(end)")}\nactual:   {(line < a.Length ? a[line] : "(end)")}\n(SWP_UPDATE_GOLDEN=1 rewrites the golden files; review the diff.)");
        }
    }
}

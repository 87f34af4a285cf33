using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Swp.Requirements.Generators.Parsing;

/// <summary>IDs, the C# names made from them, and "did you mean" suggestions.</summary>
internal static class Naming
{
    /// <summary>True for lower-case kebab-case that starts with a letter: <c>smart-protection-server</c>.</summary>
    public static bool IsValidId(string id)
    {
        if (id.Length == 0 || id[0] is < 'a' or > 'z' || id[id.Length - 1] == '-')
        {
            return false;
        }

        for (int i = 1; i < id.Length; i++)
        {
            char c = id[i];
            bool ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (c == '-' && id[i - 1] != '-');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The PascalCase C# name of a kebab-case ID: <c>siem-syslog-server</c> → <c>SiemSyslogServer</c>.</summary>
    public static string ToMemberName(string id)
    {
        var sb = new StringBuilder(id.Length);
        bool upper = true;
        foreach (char c in id)
        {
            if (c == '-')
            {
                upper = true;
                continue;
            }

            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return sb.ToString();
    }

    /// <summary>True when <paramref name="name"/> is a C# keyword (reserved or contextual).</summary>
    public static bool IsKeyword(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None;

    /// <summary>
    /// The valid ID closest to <paramref name="id"/> by edit distance, when it is close enough to
    /// be a likely typo (at most a third of the longer word), else null.
    /// </summary>
    public static string? Suggest(string id, IEnumerable<string> valid)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in valid.OrderBy(v => v, StringComparer.Ordinal))
        {
            int distance = EditDistance(id, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, Math.Max(id.Length, best.Length) / 3) ? best : null;
    }

    /// <summary>The text that follows an unknown ID in messages: a suggestion, else the valid IDs.</summary>
    public static string DidYouMean(string id, IReadOnlyCollection<string> valid)
    {
        string? suggestion = Suggest(id, valid);
        return suggestion is not null
            ? $": did you mean '{suggestion}'?"
            : $"; valid IDs: {string.Join(", ", valid)}";
    }

    private static int EditDistance(string a, string b)
    {
        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

using System;

namespace Swp.Requirements.Text;

/// <summary>
/// "Did you mean" for mistyped IDs, shared by the runtime library, the command-line tool and
/// the source generator (linked into it), so all three suggest the same ID.
/// </summary>
internal static class IdSuggestion
{
    /// <summary>
    /// The candidate closest to <paramref name="id"/> by edit distance (ties: the first in
    /// <paramref name="candidates"/>), when it is close enough to be a likely typo: at most a third
    /// of the longer word, and at least 2 edits allowed. Failing that, the one candidate that
    /// starts with <paramref name="id"/> as a whole kebab-case word (<c>siem</c> for
    /// <c>siem-syslog-server</c>). Null otherwise.
    /// </summary>
    public static string? Closest(string id, ReadOnlySpan<string> candidates)
    {
        string? byEdits = ClosestByEdits(id, candidates);
        if (byEdits is not null || id.Length < 3)
        {
            return byEdits;
        }

        string? prefixed = null;
        foreach (string candidate in candidates)
        {
            if (candidate.Length > id.Length && candidate.StartsWith(id, StringComparison.Ordinal) && candidate[id.Length] == '-')
            {
                if (prefixed is not null)
                {
                    return null; // ambiguous
                }

                prefixed = candidate;
            }
        }

        return prefixed;
    }

    private static string? ClosestByEdits(string id, ReadOnlySpan<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
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

    /// <summary>The message tail for an unknown ID: "did you mean 'x'?" and the valid IDs.</summary>
    public static string Hint(string id, ReadOnlySpan<string> candidates)
    {
        string? closest = Closest(id, candidates);
        string valid = "valid IDs: " + string.Join(", ", candidates.ToArray());
        return closest is null ? valid : $"did you mean '{closest}'? ({valid})";
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int EditDistance(string a, string b)
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

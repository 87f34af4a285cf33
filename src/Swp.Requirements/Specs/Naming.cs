using System;
using System.Collections.Generic;
using System.Text;
using Swp.Requirements.Text;

namespace Swp.Requirements.Specs;

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

    /// <summary>The text that follows an unknown ID in messages: a suggestion and the valid IDs.</summary>
    public static string DidYouMean(string id, IReadOnlyCollection<string> valid)
    {
        string[] candidates = [.. valid];
        string? suggestion = IdSuggestion.Closest(id, candidates);
        return suggestion is not null
            ? $": did you mean '{suggestion}'?"
            : $"; valid IDs: {string.Join(", ", candidates)}";
    }
}

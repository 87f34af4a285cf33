using System;
using Microsoft.CodeAnalysis.Text;

namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>A spec text with a fault put in, and the offset where the fault stands.</summary>
internal readonly record struct FaultySpec(string Text, int Offset);

/// <summary>Edits a spec text at a marker, and works out where an edit landed.</summary>
internal static class SpecEdit
{
    /// <summary>Replaces the one occurrence of <paramref name="find"/>.</summary>
    public static string Replace(string text, string find, string replacement) =>
        ReplaceAt(text, find, replacement, replacement.Length == 0 ? "" : replacement.Substring(0, 1)).Text;

    /// <summary>
    /// Replaces the one occurrence of <paramref name="find"/> and returns where the
    /// <paramref name="occurrence"/>-th <paramref name="faultAt"/> of the replacement landed.
    /// </summary>
    public static FaultySpec ReplaceAt(string text, string find, string replacement, string faultAt, int occurrence = 0)
    {
        int at = IndexOfOnly(text, find);
        int within = -1;
        for (int i = 0; i <= occurrence; i++)
        {
            within = replacement.IndexOf(faultAt, within + 1, StringComparison.Ordinal);
            if (within < 0)
            {
                throw new ArgumentException($"'{faultAt}' does not occur {occurrence + 1} time(s) in '{replacement}'", nameof(faultAt));
            }
        }

        return new FaultySpec(string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length)), at + within);
    }

    /// <summary>The offset of <paramref name="find"/>, which must occur exactly once.</summary>
    public static int IndexOfOnly(string text, string find)
    {
        int at = text.IndexOf(find, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ArgumentException($"'{find}' is not in the text", nameof(find));
        }

        if (text.IndexOf(find, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{find}' occurs more than once in the text", nameof(find));
        }

        return at;
    }

    /// <summary>Zero-based line and UTF-16 column of an offset, counting '\n' as the only line break.</summary>
    public static LinePosition PositionOf(string text, int offset)
    {
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new LinePosition(line, offset - lineStart);
    }
}

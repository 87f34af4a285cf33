using System.Text;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>
/// What the renderers' documentation says each dialect makes of free text, written again here
/// (with runes, not the library's code) so a test compares the output with the documented rule.
/// </summary>
public static class Sanitized
{
    /// <summary>Controls, line and paragraph separators, bidirectional marks and BOM: a space each; a lone surrogate: U+FFFD.</summary>
    public static string Clean(string text)
    {
        var builder = new StringBuilder();
        foreach (Rune rune in text.EnumerateRunes())
        {
            int v = rune.Value;
            bool unsafeChar = v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0x2028 || v == 0x2029 || v == 0x061C
                || v == 0x200E || v == 0x200F || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) || v == 0xFEFF;
            builder.Append(unsafeChar ? " " : rune.ToString());
        }

        return builder.ToString();
    }

    /// <summary><see cref="Clean"/>, then every character outside printable ASCII (a whole rune) as <paramref name="replacement"/>.</summary>
    public static string Ascii(string text, char replacement)
    {
        var builder = new StringBuilder();
        foreach (Rune rune in Clean(text).EnumerateRunes())
        {
            builder.Append(rune.Value is >= 0x20 and <= 0x7E ? (char)rune.Value : replacement);
        }

        return builder.ToString();
    }

    /// <summary>At most <paramref name="max"/> UTF-16 units; a cut text ends in "..." and never splits a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        int keep = max - 3;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text[..keep] + "...";
    }

    /// <summary>An iptables comment: ASCII with '?', at most 255.</summary>
    public static string Iptables(string label) => Truncate(Ascii(label, '?'), 255);

    /// <summary>An nft comment: ASCII with '?', '"' as "'", at most 128.</summary>
    public static string Nft(string label) => Truncate(Ascii(label, '?').Replace('"', '\''), 128);

    /// <summary>An AWS description: ASCII with '_', "->" as "to", AWS's characters only ('_' for others), at most 255.</summary>
    public static string Aws(string text)
    {
        var builder = new StringBuilder();
        foreach (char c in Ascii(text, '_').Replace("->", "to", System.StringComparison.Ordinal))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || " ._-:/()#,@[]+=&;{}!$*".Contains(c, System.StringComparison.Ordinal) ? c : '_');
        }

        return Truncate(builder.ToString(), 255);
    }

    /// <summary>An Azure description: one line, at most 140.</summary>
    public static string Azure(string text) => Truncate(Clean(text), 140);
}

using System;

namespace Swp.Requirements.Net;

/// <summary>
/// The one port parser of this project, for the spec, deployment files and the command line
/// alike: plain decimal digits, no sign, no leading zero, 1–65535. Shared source.
/// </summary>
internal static class PortText
{
    /// <summary>True for plain decimal digits, no leading zero, 1–65535.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int port)
    {
        port = 0;
        if (text.Length is 0 or > 5 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        int value = 0;
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        if (value is < 1 or > 65535)
        {
            return false;
        }

        port = value;
        return true;
    }

    /// <summary>A port (<c>443</c>) or a range (<c>8000-8100</c>, first ≤ last) of such ports.</summary>
    public static bool TryParseRange(ReadOnlySpan<char> text, out int first, out int last)
    {
        int dash = text.IndexOf('-');
        first = last = 0;
        if (dash < 0)
        {
            bool ok = TryParse(text, out first);
            last = first;
            return ok;
        }

        return TryParse(text.Slice(0, dash), out first) && TryParse(text.Slice(dash + 1), out last) && first <= last;
    }
}

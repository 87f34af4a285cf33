using System.Collections.Generic;

namespace Swp.Requirements.Json;

/// <summary>
/// Where each line of a text starts, with the line breaks the compiler and IDEs count
/// (<c>\r\n</c>, <c>\r</c>, <c>\n</c>, U+0085, U+2028, U+2029), so a finding's 1-based line and
/// column become the text span an editor marks.
/// </summary>
internal sealed class TextLines
{
    private readonly int[] _starts;
    private readonly int _length;

    private TextLines(int[] starts, int length)
    {
        _starts = starts;
        _length = length;
    }

    /// <summary>The number of lines (a text ending in a line break has an empty last line).</summary>
    public int Count => _starts.Length;

    /// <summary>The offsets at which the lines of <paramref name="text"/> start.</summary>
    public static TextLines Of(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
                starts.Add(i + 1);
            }
            else if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
            {
                starts.Add(i + 1);
            }
        }

        return new TextLines([.. starts], text.Length);
    }

    /// <summary>
    /// The empty range at a 1-based <paramref name="line"/> and <paramref name="column"/>: its
    /// offset is that place's (kept within the text; a line past the end is the text's end).
    /// </summary>
    public TextRange At(int line, int column)
    {
        int l = line < 1 ? 0 : line - 1;
        int c = column < 1 ? 0 : column - 1;
        int offset = l < _starts.Length ? System.Math.Min(_starts[l] + c, _length) : _length;
        return new TextRange(offset, 0, l, c, l, c);
    }
}

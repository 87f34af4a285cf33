using System.Text;

namespace Swp.Requirements.Generators.Emitting;

/// <summary>An indented text writer for generated C#; lines end in '\n' on every machine.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>Writes <c>{</c> and indents until <see cref="Close"/>.</summary>
    public CodeWriter Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string closing = "}")
    {
        _indent--;
        return Line(closing);
    }

    /// <summary>A one-line XML doc summary; the text is escaped.</summary>
    public CodeWriter Summary(string text) => Line("/// <summary>" + Escape(text) + "</summary>");

    /// <summary>Text safe inside a <c>//</c> comment: no line break (a file name may hold one on Linux).</summary>
    public static string Comment(string text) => Escape(text);

    public static string Escape(string text) => XmlSafe(text
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\r\n", " ").Replace('\r', ' ').Replace('\n', ' ').Replace('\u0085', ' ').Replace('\u2028', ' ').Replace('\u2029', ' '));

    /// <summary>
    /// Replaces with U+FFFD each character XML 1.0 cannot hold (controls other than tab, lone
    /// surrogates, U+FFFE, U+FFFF): JSON escapes can put them in a spec string, and in a doc
    /// comment they would be warning CS1570.
    /// </summary>
    private static string XmlSafe(string text)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            bool invalid = (c < ' ' && c != '\t') || c is '\uFFFE' or '\uFFFF' || (char.IsSurrogate(c) && !pair);
            if (invalid)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                sb.Append('\uFFFD');
                continue;
            }

            sb?.Append(c);
            if (pair)
            {
                sb?.Append(text[i + 1]);
                i++;
            }
        }

        return sb?.ToString() ?? text;
    }

    /// <summary>A C# string literal, every character that needs it escaped.</summary>
    public static string Literal(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ' || c is '\u0085' or '\u2028' or '\u2029' || char.IsSurrogate(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    public override string ToString() => _text.ToString();
}

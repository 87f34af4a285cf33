using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Swp.Requirements.Json;

/// <summary>Thrown by <see cref="JsonReader"/> for text that is not JSON; carries the place of the fault.</summary>
internal sealed class JsonSyntaxException(string message, TextRange range) : Exception(message)
{
    public TextRange Range { get; } = range;
}

/// <summary>
/// Reads RFC 8259 JSON into <see cref="JsonValue"/> nodes that know their line and column.
/// Strict on purpose: no comments, no trailing commas, no single quotes, no NaN; a leading
/// byte-order mark is skipped. Nesting deeper than <see cref="MaxDepth"/> is an error, so no
/// input can exhaust the compiler's stack.
/// </summary>
internal sealed class JsonReader
{
    public const int MaxDepth = 64;

    private readonly string _text;
    private readonly int[] _lineStarts;
    private int _pos;

    // The line of the last position asked for: positions come mostly in increasing order, so the
    // next one is usually on the same line or a few lines on.
    private int _lastLine;

    private JsonReader(string text)
    {
        _text = text;
        var lineStarts = new List<int>(text.Length / 32) { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
            {
                lineStarts.Add(i + 1);
            }
        }

        _lineStarts = [.. lineStarts];
    }

    /// <summary>Parses a whole document.</summary>
    /// <exception cref="JsonSyntaxException">The text is not one JSON value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked at every object member and array item).</exception>
    public static JsonValue Parse(string text, System.Threading.CancellationToken cancellationToken = default)
    {
        var reader = new JsonReader(text) { _cancellationToken = cancellationToken };
        if (reader._text.Length > 0 && reader._text[0] == '\uFEFF')
        {
            reader._pos = 1;
        }

        reader.SkipWhitespace();
        JsonValue value = reader.ReadValue(0);
        reader.SkipWhitespace();
        if (reader._pos < reader._text.Length)
        {
            throw reader.Error($"Unexpected {Show(reader._text[reader._pos])} after the end of the JSON document", reader._pos, 1);
        }

        return value;
    }

    /// <summary>The range from <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
    public TextRange RangeOf(int start, int end)
    {
        (int sl, int sc) = LineColumn(start);
        (int el, int ec) = LineColumn(end);
        return new TextRange(start, end - start, sl, sc, el, ec);
    }

    private (int Line, int Column) LineColumn(int offset)
    {
        // The last line that starts at or before offset: a few steps on from the last answer,
        // else a binary search (the start of an object, asked for once the object has been read).
        int[] starts = _lineStarts;
        int line = _lastLine;
        if (starts[line] <= offset)
        {
            int steps = 0;
            while (line + 1 < starts.Length && starts[line + 1] <= offset && ++steps < 8)
            {
                line++;
            }

            if (line + 1 < starts.Length && starts[line + 1] <= offset)
            {
                line = LastStartAtOrBefore(offset, line + 1, starts.Length - 1);
            }
        }
        else
        {
            line = LastStartAtOrBefore(offset, 0, line - 1);
        }

        _lastLine = line;
        return (line, offset - starts[line]);
    }

    /// <summary>The last index in [<paramref name="lo"/>, <paramref name="hi"/>] whose line starts at or before <paramref name="offset"/> (line <paramref name="lo"/> does).</summary>
    private int LastStartAtOrBefore(int offset, int lo, int hi)
    {
        int[] starts = _lineStarts;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi + 1) >> 1);
            if (starts[mid] <= offset)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private System.Threading.CancellationToken _cancellationToken;

    /// <summary>
    /// A character as a message shows it: quoted when it is visible, else by its code point
    /// (<c>U+00A0</c>), so a control, a space other than ' ' or an invisible format character
    /// never hides in a message.
    /// </summary>
    internal static string Show(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c)
        || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.OtherNotAssigned
            ? "U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)
            : "'" + c + "'";

    private JsonSyntaxException Error(string message, int start, int length)
    {
        int end = Math.Min(_text.Length, start + length);
        return new JsonSyntaxException(message, RangeOf(Math.Min(start, _text.Length), end));
    }

    private JsonValue ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error($"JSON nested deeper than {MaxDepth} levels", _pos, 1);
        }

        if (_pos >= _text.Length)
        {
            throw Error("Unexpected end of the JSON document", _pos, 0);
        }

        char c = _text[_pos];
        switch (c)
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
                int start = _pos;
                string s = ReadString();
                return new JsonString(RangeOf(start, _pos), s);
            case 't':
                return ReadLiteral("true", JsonKind.True);
            case 'f':
                return ReadLiteral("false", JsonKind.False);
            case 'n':
                return ReadLiteral("null", JsonKind.Null);
            case '/' when _pos + 1 < _text.Length && _text[_pos + 1] is '/' or '*':
                throw Error("Comments are not allowed in this JSON file", _pos, 2);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }

                throw Error($"Unexpected {Show(c)}: expected a JSON value", _pos, 1);
        }
    }

    private JsonObject ReadObject(int depth)
    {
        int start = _pos++;
        var members = new List<JsonMember>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return new JsonObject(RangeOf(start, _pos), members);
        }

        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Peek() == '}'
                    ? Error("Trailing commas are not allowed in this JSON file", _pos, 1)
                    : Error("Expected a property name in double quotes", _pos, 1);
            }

            int nameStart = _pos;
            string name = ReadString();
            TextRange nameRange = RangeOf(nameStart, _pos);
            SkipWhitespace();
            Expect(':', "Expected ':' after the property name");
            SkipWhitespace();
            JsonValue value = ReadValue(depth + 1);
            members.Add(new JsonMember(name, nameRange, value));
            SkipWhitespace();
            char next = Peek();
            _pos++;
            if (next == '}')
            {
                return new JsonObject(RangeOf(start, _pos), members);
            }

            if (next != ',')
            {
                _pos--;
                throw Error("Expected ',' or '}' in the object", _pos, 1);
            }
        }
    }

    private JsonArray ReadArray(int depth)
    {
        int start = _pos++;
        var items = new List<JsonValue>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            return new JsonArray(RangeOf(start, _pos), items);
        }

        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            SkipWhitespace();
            if (Peek() == ']')
            {
                throw Error("Trailing commas are not allowed in this JSON file", _pos, 1);
            }

            items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            char next = Peek();
            _pos++;
            if (next == ']')
            {
                return new JsonArray(RangeOf(start, _pos), items);
            }

            if (next != ',')
            {
                _pos--;
                throw Error("Expected ',' or ']' in the array", _pos, 1);
            }
        }
    }

    private string ReadString()
    {
        int start = _pos++;

        // Most strings have no escape: find the closing quote and take the text as it is.
        for (int i = _pos; i < _text.Length; i++)
        {
            char c = _text[i];
            if (c == '"')
            {
                _pos = i + 1;
                return _text.Substring(start + 1, i - start - 1);
            }

            if (c == '\\' || c < ' ')
            {
                break; // an escape or a control character: the careful loop below, from the start
            }
        }

        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("Unterminated string", start, _pos - start);
            }

            char c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                return sb.ToString();
            }

            if (c < ' ')
            {
                throw Error("Control characters must be escaped in JSON strings", _pos, 1);
            }

            if (c != '\\')
            {
                sb.Append(c);
                _pos++;
                continue;
            }

            if (_pos + 1 >= _text.Length)
            {
                throw Error("Unterminated string", start, _pos - start);
            }

            char e = _text[_pos + 1];
            _pos += 2;
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    int code = ReadHex4(_pos);
                    if (code is >= 0xDC00 and <= 0xDFFF)
                    {
                        // I-JSON (RFC 7493) and System.Text.Json refuse a lone or reversed surrogate.
                        throw Error($"\\u{code:X4} is a low surrogate without a high surrogate before it: not a character", _pos - 2, 6);
                    }

                    _pos += 4;
                    if (code is >= 0xD800 and <= 0xDBFF)
                    {
                        int low = _pos + 6 <= _text.Length && _text[_pos] == '\\' && _text[_pos + 1] == 'u' ? ReadHex4(_pos + 2) : -1;
                        if (low is < 0xDC00 or > 0xDFFF)
                        {
                            throw Error($"\\u{code:X4} is a high surrogate without a low surrogate escape after it: not a character", _pos - 6, 6);
                        }

                        sb.Append((char)code).Append((char)low);
                        _pos += 6;
                        break;
                    }

                    sb.Append((char)code);
                    break;
                default:
                    throw Error($"Invalid escape '\\{e}' in a JSON string", _pos - 2, 2);
            }
        }
    }

    private JsonNumber ReadNumber()
    {
        int start = _pos;
        if (Peek() == '-')
        {
            _pos++;
        }

        if (Peek() == '0')
        {
            _pos++;
            if (IsDigit(Peek()))
            {
                throw Error("Numbers must not have leading zeros", start, _pos - start + 1);
            }
        }
        else if (!ReadDigits())
        {
            throw Error("Expected a digit", _pos, 1);
        }

        if (Peek() == '.')
        {
            _pos++;
            if (!ReadDigits())
            {
                throw Error("Expected a digit after the decimal point", _pos, 1);
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            if (!ReadDigits())
            {
                throw Error("Expected a digit in the exponent", _pos, 1);
            }
        }

        return new JsonNumber(RangeOf(start, _pos), _text.Substring(start, _pos - start));
    }

    private bool ReadDigits()
    {
        int start = _pos;
        while (IsDigit(Peek()))
        {
            _pos++;
        }

        return _pos > start;
    }

    private JsonLiteral ReadLiteral(string word, JsonKind kind)
    {
        int start = _pos;
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            int end = _pos;
            while (end < _text.Length && char.IsLetterOrDigit(_text[end]))
            {
                end++;
            }

            throw Error($"Unexpected '{_text.Substring(start, Math.Max(1, end - start))}': expected a JSON value", start, Math.Max(1, end - start));
        }

        _pos += word.Length;
        return new JsonLiteral(RangeOf(start, _pos), kind);
    }

    private void Expect(char c, string message)
    {
        if (Peek() != c)
        {
            throw Error(message, _pos, 1);
        }

        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && (_text[_pos + 1] == '/' || _text[_pos + 1] == '*'))
            {
                throw Error("Comments are not allowed in this JSON file", _pos, 2);
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>The value of four hex digits at <paramref name="at"/>; throws a located error when they are not there.</summary>
    private int ReadHex4(int at)
    {
        int code = 0;
        for (int i = 0; i < 4; i++)
        {
            int digit = at + i < _text.Length ? HexValue(_text[at + i]) : -1;
            if (digit < 0)
            {
                throw Error("Expected four hex digits after \\u", at - 2, 6);
            }

            code = (code << 4) | digit;
        }

        return code;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}

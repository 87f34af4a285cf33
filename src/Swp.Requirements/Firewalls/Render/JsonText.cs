using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Swp.Requirements.Firewalls;

/// <summary>
/// A small JSON writer for rendered templates (the library has no JSON writer on netstandard2.0):
/// two-space indentation, one member or element per line. Text is kept as it is (JSON is UTF-8)
/// except <c>"</c> and <c>\</c>, the characters <see cref="RenderText.IsUnsafe"/> names (controls,
/// line separators, bidirectional marks) and U+FFFE/U+FFFF, which are <c>\u</c> escapes, and
/// lone surrogates, which become <c>\ufffd</c>: a surrogate escape, valid JSON as it is, breaks
/// YAML-based readers such as cfn-lint.
/// </summary>
internal sealed class JsonText
{
    private readonly StringBuilder _output = new();
    private readonly Stack<bool> _hasItems = new();
    private bool _afterName;

    /// <summary>The JSON written so far.</summary>
    public override string ToString() => _output.ToString();

    public JsonText StartObject() => Open('{');

    public JsonText EndObject() => Close('}');

    public JsonText StartArray() => Open('[');

    public JsonText EndArray() => Close(']');

    public JsonText Name(string name)
    {
        Item();
        Quoted(name);
        _output.Append(": ");
        _afterName = true;
        return this;
    }

    public JsonText String(string value)
    {
        Item();
        Quoted(value);
        return this;
    }

    public JsonText Number(int value)
    {
        Item();
        _output.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public JsonText Bool(bool value)
    {
        Item();
        _output.Append(value ? "true" : "false");
        return this;
    }

    /// <summary>A member whose value is a string.</summary>
    public JsonText Member(string name, string value) => Name(name).String(value);

    /// <summary>A member whose value is a number.</summary>
    public JsonText Member(string name, int value) => Name(name).Number(value);

    /// <summary>A member whose value is an array of strings.</summary>
    public JsonText Member(string name, IEnumerable<string> values)
    {
        Name(name).StartArray();
        foreach (string value in values)
        {
            String(value);
        }

        return EndArray();
    }

    /// <summary>A JSON string literal of <paramref name="text"/>, ASCII only.</summary>
    public static string Quote(string text)
    {
        var json = new JsonText();
        json.Quoted(text);
        return json.ToString();
    }

    private JsonText Open(char bracket)
    {
        Item();
        _output.Append(bracket);
        _hasItems.Push(false);
        return this;
    }

    private JsonText Close(char bracket)
    {
        bool hadItems = _hasItems.Pop();
        if (hadItems)
        {
            NewLine();
        }

        _output.Append(bracket);
        if (_hasItems.Count == 0)
        {
            _output.Append('\n');
        }

        return this;
    }

    /// <summary>Before a value or a name: the comma and line break, unless the value follows its name.</summary>
    private void Item()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_hasItems.Count == 0)
        {
            return;
        }

        if (_hasItems.Peek())
        {
            _output.Append(',');
        }
        else
        {
            _hasItems.Pop();
            _hasItems.Push(true);
        }

        NewLine();
    }

    private void NewLine() => _output.Append('\n').Append(' ', 2 * _hasItems.Count);

    private void Quoted(string text)
    {
        _output.Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '"': _output.Append("\\\""); break;
                case '\\': _output.Append("\\\\"); break;
                case '\n': _output.Append("\\n"); break;
                case '\r': _output.Append("\\r"); break;
                case '\t': _output.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        _output.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        Escape('\uFFFD');
                    }
                    else if (RenderText.IsUnsafe(c) || c == '\uFFFE' || c == '\uFFFF')
                    {
                        Escape(c);
                    }
                    else
                    {
                        _output.Append(c);
                    }

                    break;
            }
        }

        _output.Append('"');
    }

    private void Escape(char c) => _output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}

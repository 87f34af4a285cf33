using System.Collections.Generic;
using System.Globalization;
using Swp.Requirements.Diagnostics;
using Swp.Requirements.Json;

namespace Swp.Requirements.Specs;

/// <summary>A value and where it stands in its file.</summary>
internal readonly record struct Located<T>(T Value, TextRange Range);

/// <summary>
/// Reads the properties of one JSON object for a parser, reporting as it goes: duplicate and
/// unknown properties when created, missing and wrongly typed ones when asked for. A value that
/// is absent or wrong comes back as <see langword="null"/>, so later checks skip it instead of
/// piling more findings on one fault.
/// </summary>
internal sealed class ObjectReader
{
    private readonly JsonObject _object;
    private readonly string _what;
    private readonly DiagnosticBag _bag;
    private readonly StructureDiagnostics _ids;
    private readonly Dictionary<string, JsonMember> _members = [];

    /// <param name="node">The node that should be an object.</param>
    /// <param name="what">How messages name the object, e.g. "flow 3".</param>
    /// <param name="bag">Where findings go.</param>
    /// <param name="ids">The diagnostics to report faults of shape with.</param>
    /// <param name="known">The property names the object may have.</param>
    public ObjectReader(JsonObject node, string what, DiagnosticBag bag, StructureDiagnostics ids, params string[] known)
    {
        _object = node;
        _what = what;
        _bag = bag;
        _ids = ids;
        foreach (JsonMember member in node.Members)
        {
            if (_members.ContainsKey(member.Name))
            {
                bag.Add(ids.DuplicateProperty.Id, member.NameRange, member.Name);
            }
            else if (System.Array.IndexOf(known, member.Name) < 0) // a dozen names at most: no set to build per object
            {
                bag.Add(ids.UnknownProperty.Id, member.NameRange, member.Name, what, string.Join(", ", known));
            }
            else
            {
                _members.Add(member.Name, member);
            }
        }
    }

    public TextRange Range => _object.Range;

    /// <summary>Parses a whole file that must hold one JSON object; reports and returns null otherwise.</summary>
    public static JsonObject? ParseRoot(string text, string what, DiagnosticBag bag, StructureDiagnostics ids, System.Threading.CancellationToken cancellationToken = default)
    {
        try
        {
            return AsObject(JsonReader.Parse(text, cancellationToken), what, bag, ids);
        }
        catch (JsonSyntaxException e)
        {
            bag.Add(ids.JsonSyntax.Id, e.Range, System.IO.Path.GetFileName(bag.Path), e.Message);
            return null;
        }
    }

    /// <summary>Returns the node as an object, or reports that it is not one.</summary>
    public static JsonObject? AsObject(JsonValue node, string what, DiagnosticBag bag, StructureDiagnostics ids)
    {
        if (node is JsonObject obj)
        {
            return obj;
        }

        bag.Add(ids.WrongType.Id, node.Range, what, "object", node.TypeName);
        return null;
    }

    /// <summary>Where the name of property <paramref name="name"/> stands, or the object's range when it is absent.</summary>
    public TextRange NameRange(string name) => _members.TryGetValue(name, out JsonMember? member) ? member.NameRange : _object.Range;

    public JsonValue? Value(string name, bool required)
    {
        if (_members.TryGetValue(name, out JsonMember? member))
        {
            return member.Value;
        }

        if (required)
        {
            _bag.Add(_ids.MissingProperty.Id, _object.Range, Capitalise(_what), name);
        }

        return null;
    }

    public Located<string>? String(string name, bool required = true)
    {
        JsonValue? value = Value(name, required);
        if (value is null)
        {
            return null;
        }

        if (value is JsonString s)
        {
            return new Located<string>(s.Value, s.Range);
        }

        _bag.Add(_ids.WrongType.Id, value.Range, name, "string", value.TypeName);
        return null;
    }

    public bool Bool(string name)
    {
        JsonValue? value = Value(name, required: false);
        switch (value)
        {
            case null:
                return false;
            case { Kind: JsonKind.True }:
                return true;
            case { Kind: JsonKind.False }:
                return false;
            default:
                _bag.Add(_ids.WrongType.Id, value.Range, name, "boolean", value.TypeName);
                return false;
        }
    }

    public JsonArray? Array(string name, bool required = true)
    {
        JsonValue? value = Value(name, required);
        if (value is null or JsonArray)
        {
            return (JsonArray?)value;
        }

        _bag.Add(_ids.WrongType.Id, value.Range, name, "array", value.TypeName);
        return null;
    }

    public JsonObject? Object(string name, bool required = true)
    {
        JsonValue? value = Value(name, required);
        return value is null ? null : AsObject(value, name, _bag, _ids);
    }

    /// <summary>Reads every item of an array of strings; items of another type are reported and skipped.</summary>
    public List<Located<string>> Strings(string name, bool required = true)
    {
        var list = new List<Located<string>>();
        foreach (JsonValue item in Array(name, required)?.Items ?? [])
        {
            if (item is JsonString s)
            {
                list.Add(new Located<string>(s.Value, s.Range));
            }
            else
            {
                _bag.Add(_ids.WrongType.Id, item.Range, name + " item", "string", item.TypeName);
            }
        }

        return list;
    }

    /// <summary>
    /// Reads a port: a JSON integer 1–65535 written as plain digits. A string (<c>"8080"</c>),
    /// an exponent (<c>1e3</c>), a fraction, a sign, 0 or more than 65535 is reported.
    /// </summary>
    public static Located<int>? Port(JsonValue value, DiagnosticBag bag)
    {
        if (value is JsonNumber number && TryParsePort(number.Text, out int port))
        {
            return new Located<int>(port, number.Range);
        }

        string shown = value switch
        {
            JsonNumber n => n.Text,
            JsonString s => "\"" + s.Value + "\" (a string)",
            _ => "(a JSON " + value.TypeName + ")",
        };
        bag.Add(FindingDescriptors.InvalidPort.Id, value.Range, shown);
        return null;
    }

    /// <summary>True for plain decimal digits, no leading zero, 1–65535 (the project's one port rule, <see cref="Net.PortText"/>).</summary>
    public static bool TryParsePort(string text, out int port) => Net.PortText.TryParse(System.MemoryExtensions.AsSpan(text), out port);

    private static string Capitalise(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}

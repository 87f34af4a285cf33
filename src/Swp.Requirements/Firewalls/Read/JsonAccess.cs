using System.Globalization;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Reading the JSON exports with the project's positioned reader: parse faults, missing members
/// and wrong types become <see cref="FirewallReadException"/>s at the value's line, column and
/// JSON path.
/// </summary>
internal static class JsonAccess
{
    /// <summary>Parses a document; a syntax fault (a truncated file) is a <see cref="FirewallReadException"/> at its place.</summary>
    public static JsonValue Parse(string text, string format)
    {
        try
        {
            return JsonReader.Parse(text);
        }
        catch (JsonSyntaxException e)
        {
            throw new FirewallReadException(e.Range.StartLine + 1, e.Range.StartColumn + 1, "not " + format + " JSON: " + e.Message);
        }
    }

    /// <summary>Where a value starts, with its path.</summary>
    public static SourceLocation Location(JsonValue value, string path) =>
        new(value.Range.StartLine + 1, value.Range.StartColumn + 1, path);

    /// <summary>An exception located at <paramref name="value"/>: its line, column and JSON path (kept apart from the message, which callers print with it).</summary>
    public static FirewallReadException Error(JsonValue value, string path, string message) =>
        new(value.Range.StartLine + 1, value.Range.StartColumn + 1, message, path);

    /// <summary>The value of member <paramref name="name"/> (the last one when it is repeated); null when absent.</summary>
    public static JsonValue? Member(JsonObject obj, string name)
    {
        for (int i = obj.Members.Count - 1; i >= 0; i--)
        {
            if (obj.Members[i].Name == name)
            {
                return obj.Members[i].Value;
            }
        }

        return null;
    }

    /// <summary>The path of member <paramref name="name"/> under <paramref name="path"/>, e.g. <c>$.SecurityGroups</c>.</summary>
    public static string Path(string path, string name) => path + "." + name;

    /// <summary>The path of item <paramref name="index"/> under <paramref name="path"/>, e.g. <c>$.SecurityGroups[0]</c>.</summary>
    public static string Path(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>The value as an object, or an exception naming what was expected.</summary>
    public static JsonObject Object(JsonValue value, string path, string what) =>
        value as JsonObject ?? throw Error(value, path, what + " must be an object, not a " + value.TypeName);

    /// <summary>The value as an array, or an exception naming what was expected.</summary>
    public static JsonArray Array(JsonValue value, string path, string what) =>
        value as JsonArray ?? throw Error(value, path, what + " must be an array, not a " + value.TypeName);

    /// <summary>The value as a string, or an exception naming what was expected.</summary>
    public static string String(JsonValue value, string path, string what) =>
        (value as JsonString)?.Value ?? throw Error(value, path, what + " must be a string, not a " + value.TypeName);

    /// <summary>A member that must be there.</summary>
    public static JsonValue Required(JsonObject obj, string path, string name) =>
        Member(obj, name) ?? throw Error(obj, path, "'" + name + "' is missing");

    /// <summary>A string member; null when absent or JSON null.</summary>
    public static string? OptionalString(JsonObject obj, string path, string name)
    {
        JsonValue? value = Member(obj, name);
        return value is null || value.Kind == JsonKind.Null ? null : String(value, Path(path, name), "'" + name + "'");
    }

    /// <summary>An array member; null when absent or JSON null.</summary>
    public static JsonArray? OptionalArray(JsonObject obj, string path, string name)
    {
        JsonValue? value = Member(obj, name);
        return value is null || value.Kind == JsonKind.Null ? null : Array(value, Path(path, name), "'" + name + "'");
    }

    /// <summary>Reads an integer number (no fraction, no exponent) between -2^31 and 2^31 - 1.</summary>
    public static bool TryInteger(JsonValue value, out int result)
    {
        result = 0;
        if (value is not JsonNumber number)
        {
            return false;
        }

        string text = number.Text;
        bool negative = text.Length > 0 && text[0] == '-';
        if (!NumberText.TryParse(text, negative ? 1 : 0, text.Length, int.MaxValue, out int magnitude))
        {
            return false;
        }

        result = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>An integer member; null when absent or JSON null; an exception when it is not an integer.</summary>
    public static int? OptionalInteger(JsonObject obj, string path, string name)
    {
        JsonValue? value = Member(obj, name);
        if (value is null || value.Kind == JsonKind.Null)
        {
            return null;
        }

        return TryInteger(value, out int result) ? result : throw Error(value, Path(path, name), "'" + name + "' must be an integer, not " + Describe(value));
    }

    /// <summary>A value for messages: a string in quotes, a number as written, or its JSON type.</summary>
    public static string Describe(JsonValue value) => value switch
    {
        JsonString s => "\"" + ReadLog.Shorten(s.Value) + "\"",
        JsonNumber n => n.Text,
        _ => "a " + value.TypeName,
    };
}

using System.Collections.Generic;

namespace Swp.Requirements.Json;

/// <summary>The kinds of JSON value.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// A JSON value that knows where it stands in its file. Produced by <see cref="JsonReader"/>;
/// lives only inside one parse, never in a cached model.
/// </summary>
internal abstract class JsonValue
{
    protected JsonValue(TextRange range) => Range = range;

    /// <summary>Where the value's text stands.</summary>
    public TextRange Range { get; }

    public abstract JsonKind Kind { get; }

    /// <summary>The JSON type name users read in messages: object, array, string, number, boolean, null.</summary>
    public string TypeName => Kind switch
    {
        JsonKind.Object => "object",
        JsonKind.Array => "array",
        JsonKind.String => "string",
        JsonKind.Number => "number",
        JsonKind.True or JsonKind.False => "boolean",
        _ => "null",
    };
}

/// <summary>An object; members keep their order and any duplicates, so the parser can report them.</summary>
internal sealed class JsonObject(TextRange range, IReadOnlyList<JsonMember> members) : JsonValue(range)
{
    public IReadOnlyList<JsonMember> Members { get; } = members;

    public override JsonKind Kind => JsonKind.Object;
}

/// <summary>One <c>"name": value</c> pair of an object.</summary>
internal sealed class JsonMember(string name, TextRange nameRange, JsonValue value)
{
    public string Name { get; } = name;

    public TextRange NameRange { get; } = nameRange;

    public JsonValue Value { get; } = value;
}

internal sealed class JsonArray(TextRange range, IReadOnlyList<JsonValue> items) : JsonValue(range)
{
    public IReadOnlyList<JsonValue> Items { get; } = items;

    public override JsonKind Kind => JsonKind.Array;
}

internal sealed class JsonString(TextRange range, string value) : JsonValue(range)
{
    public string Value { get; } = value;

    public override JsonKind Kind => JsonKind.String;
}

/// <summary>A number, kept as its source text so callers can refuse <c>1e3</c> or <c>443.0</c> where an integer is due.</summary>
internal sealed class JsonNumber(TextRange range, string text) : JsonValue(range)
{
    public string Text { get; } = text;

    public override JsonKind Kind => JsonKind.Number;
}

/// <summary><c>true</c>, <c>false</c> or <c>null</c>.</summary>
internal sealed class JsonLiteral(TextRange range, JsonKind kind) : JsonValue(range)
{
    public override JsonKind Kind { get; } = kind;
}

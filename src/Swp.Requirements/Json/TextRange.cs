namespace Swp.Requirements.Json;

/// <summary>
/// A span of a text file: character offset and length, and zero-based line and column
/// (in UTF-16 characters, as Roslyn's <c>LinePosition</c> counts them) of its two ends.
/// </summary>
internal readonly record struct TextRange(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>One-based "line,column" of the start, as compilers print it.</summary>
    public string ToDisplayString() => $"{StartLine + 1},{StartColumn + 1}";
}

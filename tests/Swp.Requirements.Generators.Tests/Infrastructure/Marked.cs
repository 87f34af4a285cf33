using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;

namespace Swp.Requirements.Generators.Tests.Infrastructure;

/// <summary>
/// A text written with markers (<see cref="Marker"/>, '‸') where diagnostics are expected: the
/// markers are taken out, and their offsets in the clean text are kept, in order. Tests derive
/// every expected line and column from these offsets.
/// </summary>
internal sealed record Marked(string Text, ImmutableArray<int> Offsets)
{
    public const char Marker = '‸';

    /// <summary>The only marker's offset.</summary>
    public int Offset => Offsets.Length == 1 ? Offsets[0] : throw new InvalidOperationException($"the text has {Offsets.Length} markers, not one");

    public static Marked Parse(string textWithMarkers)
    {
        var text = new StringBuilder(textWithMarkers.Length);
        ImmutableArray<int>.Builder offsets = ImmutableArray.CreateBuilder<int>();
        foreach (char c in textWithMarkers)
        {
            if (c == Marker)
            {
                offsets.Add(text.Length);
            }
            else
            {
                text.Append(c);
            }
        }

        return new Marked(text.ToString(), offsets.ToImmutable());
    }

    /// <summary>Replaces the one occurrence of <paramref name="find"/> in <paramref name="text"/> with a marked replacement.</summary>
    public static Marked Edit(string text, string find, string markedReplacement)
    {
        int at = SpecEdit.IndexOfOnly(text, find);
        Marked replacement = Parse(markedReplacement);
        return new Marked(
            string.Concat(text.AsSpan(0, at), replacement.Text, text.AsSpan(at + find.Length)),
            [.. replacement.Offsets.Select(o => o + at)]);
    }
}

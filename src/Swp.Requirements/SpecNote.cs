using System;

namespace Swp.Requirements;

/// <summary>A general note of the vendor's table (e.g. that replies must be allowed), in this project's words.</summary>
public readonly struct SpecNote : IEquatable<SpecNote>
{
    internal SpecNote(string id, string text)
    {
        Id = id;
        Text = text;
    }

    /// <summary>A stable kebab-case ID, e.g. <c>replies</c>.</summary>
    public string Id { get; }

    /// <summary>The note.</summary>
    public string Text { get; }

    /// <inheritdoc/>
    public bool Equals(SpecNote other) => string.Equals(Id, other.Id, StringComparison.Ordinal) && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SpecNote other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id ?? "");

    /// <inheritdoc/>
    public override string ToString() => Id + ": " + Text;

    /// <summary>Compares two notes by ID and text.</summary>
    public static bool operator ==(SpecNote left, SpecNote right) => left.Equals(right);

    /// <summary>Compares two notes by ID and text.</summary>
    public static bool operator !=(SpecNote left, SpecNote right) => !left.Equals(right);
}

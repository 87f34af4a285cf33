namespace Swp.Requirements;

/// <summary>One vendor page the spec's facts come from, and the date it was read.</summary>
public sealed class SpecSource
{
    internal SpecSource(string pageId, string title, string copyright, string dateRead)
    {
        PageId = pageId;
        Title = title;
        Copyright = copyright;
        DateRead = dateRead;
    }

    /// <summary>The page's ID, e.g. <c>swp-port-numbers</c>.</summary>
    public string PageId { get; }

    /// <summary>The page's title.</summary>
    public string Title { get; }

    /// <summary>The page's copyright notice.</summary>
    public string Copyright { get; }

    /// <summary>The date (ISO 8601, YYYY-MM-DD) the page was read.</summary>
    public string DateRead { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{PageId} ({Title}), read {DateRead}";
}

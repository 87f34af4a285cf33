namespace Swp.Requirements.Cli.Output;

/// <summary>How a command prints its rows.</summary>
internal enum OutputFormat
{
    /// <summary>Aligned columns for people.</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>A JSON array of objects.</summary>
    Json,

    /// <summary>A Markdown (GitHub) table, e.g. for a change request.</summary>
    Markdown,
}

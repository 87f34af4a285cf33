using System.Collections.Generic;

namespace Swp.Requirements.Cli.Output;

/// <summary>A column: its name (CSV header, JSON property, table heading) and whether its cells are numbers in JSON.</summary>
internal sealed record Column(string Name, bool IsNumber = false);

/// <summary>Rows of text cells under named columns, ready for any <see cref="OutputFormat"/>.</summary>
internal sealed class Grid(params Column[] columns)
{
    public IReadOnlyList<Column> Columns { get; } = columns;

    public List<string[]> Rows { get; } = [];

    public void Add(params string[] cells) => Rows.Add(cells);
}

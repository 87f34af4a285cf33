using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Swp.Requirements.Cli.Output;

/// <summary>Writes a <see cref="Grid"/> as a table, CSV, JSON or Markdown.</summary>
internal static class GridWriter
{
    public static void Write(Grid grid, OutputFormat format, TextWriter output)
    {
        switch (format)
        {
            case OutputFormat.Csv:
                WriteCsv(grid, output);
                break;
            case OutputFormat.Json:
                WriteJson(grid, output);
                break;
            case OutputFormat.Markdown:
                WriteMarkdown(grid, output);
                break;
            default:
                WriteTable(grid, output);
                break;
        }
    }

    private static void WriteTable(Grid grid, TextWriter output)
    {
        int[] widths = grid.Columns.Select((c, i) => Math.Max(c.Name.Length, grid.Rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        void Row(string[] cells) =>
            output.WriteLine(string.Join("  ", cells.Select((cell, i) => grid.Columns[i].IsNumber ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd());
        Row([.. grid.Columns.Select(c => c.Name.ToUpperInvariant())]);
        foreach (string[] row in grid.Rows)
        {
            Row(row);
        }
    }

    private static void WriteCsv(Grid grid, TextWriter output)
    {
        output.Write(string.Join(",", grid.Columns.Select(c => Csv(c.Name))) + "\n");
        foreach (string[] row in grid.Rows)
        {
            output.Write(string.Join(",", row.Select(Csv)) + "\n");
        }
    }

    private static string Csv(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static void WriteJson(Grid grid, TextWriter output)
    {
        using var stream = new MemoryStream();
        // Relaxed escaping: apostrophes and '&' in notes stay readable; the output is not embedded in HTML.
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (string[] row in grid.Rows)
            {
                json.WriteStartObject();
                for (int i = 0; i < row.Length; i++)
                {
                    Column column = grid.Columns[i];
                    if (row[i].Length == 0)
                    {
                        json.WriteNull(column.Name);
                    }
                    else if (column.IsNumber)
                    {
                        json.WriteNumber(column.Name, int.Parse(row[i], System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.WriteString(column.Name, row[i]);
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.Write(Encoding.UTF8.GetString(stream.ToArray()));
        output.Write('\n');
    }

    private static string Markdown(string cell) =>
        cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r\n", "<br>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    private static void WriteMarkdown(Grid grid, TextWriter output)
    {
        output.Write("| " + string.Join(" | ", grid.Columns.Select(c => c.Name)) + " |\n");
        output.Write("|" + string.Join("|", grid.Columns.Select(c => c.IsNumber ? "---:" : "---")) + "|\n");
        foreach (string[] row in grid.Rows)
        {
            output.Write("| " + string.Join(" | ", row.Select(Markdown)) + " |\n");
        }
    }
}

namespace Mandate.Cli.Output;

/// <summary>Writes rows as left-aligned, space-padded columns under a header line.</summary>
internal sealed class TableWriter
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    /// <summary>Creates a table with the given column headers.</summary>
    public TableWriter(params string[] headers) => _headers = headers;

    /// <summary>Adds a row; missing cells print empty, null prints <c>-</c>.</summary>
    public void AddRow(params string?[] cells) =>
        _rows.Add([.. Enumerable.Range(0, _headers.Length).Select(i => i < cells.Length ? cells[i] ?? "-" : "")]);

    /// <summary>Writes the header and every row to <paramref name="writer"/>.</summary>
    public void WriteTo(TextWriter writer)
    {
        int[] widths = [.. Enumerable.Range(0, _headers.Length).Select(i => _rows.Select(r => r[i].Length).Prepend(_headers[i].Length).Max())];
        WriteLine(writer, _headers, widths);
        foreach (string[] row in _rows)
        {
            WriteLine(writer, row, widths);
        }
    }

    private static void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        string line = string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i])));
        writer.WriteLine(line.TrimEnd());
    }
}

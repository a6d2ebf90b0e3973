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
    public void WriteTo(TextWriter writer) => WriteTo(writer, header: true);

    /// <summary>
    /// Writes the rows added so far (after the header when <paramref name="header"/>) and forgets them, so a long listing
    /// is written page by page; each call sizes its columns to its own rows.
    /// </summary>
    public void WriteTo(TextWriter writer, bool header)
    {
        int[] widths = [.. Enumerable.Range(0, _headers.Length).Select(i => _rows.Select(r => r[i].Length).Prepend(_headers[i].Length).Max())];
        if (header)
        {
            WriteLine(writer, _headers, widths);
        }

        foreach (string[] row in _rows)
        {
            WriteLine(writer, row, widths);
        }

        _rows.Clear();
    }

    private static void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        string line = string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i])));
        writer.WriteLine(line.TrimEnd());
    }
}

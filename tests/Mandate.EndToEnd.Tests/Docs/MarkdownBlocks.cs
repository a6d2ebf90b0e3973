namespace Mandate.EndToEnd.Tests.Docs;

/// <summary>
/// Reads the fenced code blocks (CommonMark: a line opening with three or more backticks, closed by a
/// fence at least as long) of a Markdown file, in document order.
/// </summary>
internal static class MarkdownBlocks
{
    /// <summary>The blocks of <paramref name="path"/>, named by <paramref name="document"/> (e.g. <c>docs/cli.md</c>).</summary>
    public static IReadOnlyList<MarkdownBlock> Read(string path, string document)
    {
        string[] lines = File.ReadAllLines(path);
        var blocks = new List<MarkdownBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            string opening = lines[i].TrimStart();
            int fence = CountBackticks(opening);
            if (fence < 3 || lines[i].Length - opening.Length > 3)
            {
                continue;
            }

            string[] info = opening[fence..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            int start = i;
            var body = new List<string>();
            for (i++; i < lines.Length; i++)
            {
                string candidate = lines[i].Trim();
                if (CountBackticks(candidate) >= fence && candidate.Trim('`').Length == 0)
                {
                    break;
                }

                body.Add(lines[i]);
            }

            blocks.Add(new MarkdownBlock(
                document, start + 1, info.Length > 0 ? info[0] : "", info.Skip(1).ToArray(), string.Join('\n', body)));
        }

        return blocks;
    }

    private static int CountBackticks(string line)
    {
        int count = 0;
        while (count < line.Length && line[count] == '`')
        {
            count++;
        }

        return count;
    }
}

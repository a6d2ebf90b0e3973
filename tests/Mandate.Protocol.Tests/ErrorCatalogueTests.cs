// The error catalogue (docs/errors.md) against the source: every MNDnnnn id built in src/ and every
// [LoggerMessage] event id means one thing and is documented once. The scan reads string literals
// ("MND2300: ..." or "MND2300" handed to a helper), skipping comment lines, so ids added anywhere in
// src/ are checked without registering them first.
using System.Text.RegularExpressions;

namespace Mandate.Protocol.Tests;

public sealed partial class ErrorCatalogueTests
{
    // Ids that two files report for the same fault. Keep this list short: prefer one constant.
    private static readonly HashSet<string> SharedAcrossFiles = ["MND0003"];

    [Fact]
    public void EveryErrorId_IsDefinedInOneSourceFile()
    {
        var shared = ErrorIdsInSource()
            .GroupBy(use => use.Id)
            .Where(group => group.Select(use => use.File).Distinct().Count() > 1 && !SharedAcrossFiles.Contains(group.Key))
            .Select(group => $"{group.Key} in {string.Join(", ", group.Select(use => use.File).Distinct())}")
            .ToList();

        Assert.True(shared.Count == 0, "An error id means one thing; these are built in several files:\n" + string.Join("\n", shared));
    }

    [Fact]
    public void EveryErrorId_IsListedOnceInDocsErrors()
    {
        var documented = DocumentedIds("MND");
        var missing = ErrorIdsInSource().Select(use => use.Id).Distinct().Where(id => !documented.ContainsKey(id)).Order().ToList();
        var twice = documented.Where(entry => entry.Value > 1).Select(entry => entry.Key).ToList();

        Assert.True(missing.Count == 0, "Missing from docs/errors.md: " + string.Join(", ", missing));
        Assert.True(twice.Count == 0, "Listed more than once in docs/errors.md: " + string.Join(", ", twice));
    }

    [Fact]
    public void DocsErrors_ListsNoIdTheSourceDoesNotUse()
    {
        var used = ErrorIdsInSource().Select(use => use.Id).ToHashSet();
        var stale = DocumentedIds("MND").Keys.Where(id => !used.Contains(id)).Order().ToList();

        Assert.True(stale.Count == 0, "docs/errors.md lists ids no source file uses: " + string.Join(", ", stale));
    }

    [Fact]
    public void EveryLogEventId_IsUniqueAcrossSrc_AndDocumented()
    {
        var events = LogEventIdsInSource().ToList();
        var duplicates = events.GroupBy(e => e.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} in {string.Join(", ", g.Select(e => e.File))}").ToList();
        var documented = DocumentedIds("");
        var missing = events.Select(e => e.Id).Distinct().Where(id => !documented.ContainsKey(id)).ToList();

        Assert.NotEmpty(events);
        Assert.True(duplicates.Count == 0, "Log event ids used twice:\n" + string.Join("\n", duplicates));
        Assert.True(missing.Count == 0, "Log event ids missing from docs/errors.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Scanner_FindsBothLiteralForms_AndIgnoresComments()
    {
        const string sample = """
            // "MND9999: only a comment"
            var a = new OAuthError("invalid_request", "MND2004: A request parameter is repeated.");
            var b = InvalidRequest("MND2005", "The grant_type parameter is required.");
            var c = $"MND0005: {name} must be between {min} and {max}.";
            """;

        Assert.Equal(["MND2004", "MND2005", "MND0005"], ErrorIdsIn(sample));
    }

    private static IEnumerable<(string Id, string File)> ErrorIdsInSource() =>
        RepositoryFiles.SourceFiles().SelectMany(path => ErrorIdsIn(File.ReadAllText(path)).Select(id => (id, RepositoryFiles.Relative(path))));

    private static IEnumerable<string> ErrorIdsIn(string source) =>
        source.Split('\n')
            .Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .SelectMany(line => ErrorIdLiteral().Matches(line).Select(match => match.Groups["id"].Value));

    private static IEnumerable<(string Id, string File)> LogEventIdsInSource() =>
        RepositoryFiles.SourceFiles().SelectMany(path => LoggerMessageId().Matches(File.ReadAllText(path))
            .Select(match => (match.Groups["id"].Value, RepositoryFiles.Relative(path))));

    // Table rows of docs/errors.md whose first cell is an id ("| MND2300 |" or "| 6000 |").
    private static Dictionary<string, int> DocumentedIds(string prefix)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(RepositoryFiles.Root, "docs", "errors.md")))
        {
            var match = DocumentedRow().Match(line);
            if (match.Success && match.Groups["id"].Value.StartsWith(prefix, StringComparison.Ordinal)
                && (prefix.Length > 0 || !match.Groups["id"].Value.StartsWith("MND", StringComparison.Ordinal)))
            {
                counts[match.Groups["id"].Value] = counts.GetValueOrDefault(match.Groups["id"].Value) + 1;
            }
        }

        return counts;
    }

    [GeneratedRegex("(?<=\")(?<id>MND[0-9]{4})(?=[:\"])")]
    private static partial Regex ErrorIdLiteral();

    [GeneratedRegex(@"\[LoggerMessage\((?:EventId\s*=\s*)?(?<id>[0-9]+)")]
    private static partial Regex LoggerMessageId();

    [GeneratedRegex(@"^\|\s*(?<id>MND[0-9]{4}|[0-9]{4})\s*\|")]
    private static partial Regex DocumentedRow();
}

using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Mandate.Cli.Tests;

/// <summary>
/// docs/cli.md, "Reference: every command and option", against the command tree the CLI builds
/// (<see cref="MandateCli.CreateRootCommand"/>), in both directions: every runnable command has a section and
/// every section a command; every option a row and every row an option; required options say so, flags are
/// "off", a default the CLI applies is the one written; every exit code of <see cref="ExitCodes"/> is in the
/// exit code table and the table has no other.
/// </summary>
public sealed partial class CliReferenceTests
{
    private const string ReferenceHeading = "## Reference: every command and option";

    private static readonly Lazy<string[]> CliMd = new(() => File.ReadAllLines(Path.Combine(RepoRoot(), "docs", "cli.md")));

    [Fact(DisplayName = "docs/cli.md: every command has a reference section, and every section a command")]
    public void Commands_MatchBothWays()
    {
        string[] inCli = LeafCommands().Select(c => c.Heading).Order(StringComparer.Ordinal).ToArray();
        string[] inDocs = ReferenceSections().Keys.Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(inCli, inDocs);
    }

    [Fact(DisplayName = "docs/cli.md: every option of every command is a row (with its value name, aliases, required or default), and every row an option")]
    public void Options_MatchBothWays()
    {
        IReadOnlyDictionary<string, IReadOnlyList<string[]>> sections = ReferenceSections();
        var problems = new List<string>();
        foreach ((string heading, Command command) in LeafCommands())
        {
            if (!sections.TryGetValue(heading, out IReadOnlyList<string[]>? rows))
            {
                continue; // Commands_MatchBothWays names it
            }

            var documented = rows.ToDictionary(r => OptionName().Match(r[0]).Groups[1].Value, StringComparer.Ordinal);
            foreach (Option option in command.Options.Where(o => o is not HelpOption))
            {
                if (!documented.Remove(option.Name, out string[]? row))
                {
                    problems.Add($"{heading}: {option.Name} is not documented");
                    continue;
                }

                problems.AddRange(CheckRow(heading, option, row));
            }

            problems.AddRange(documented.Keys.Select(name => $"{heading}: {name} is documented but the CLI has no such option"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact(DisplayName = "docs/cli.md: the exit code table lists exactly the codes of ExitCodes")]
    public void ExitCodes_MatchBothWays()
    {
        int[] inCli = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (int)f.GetRawConstantValue()!).Order().ToArray();
        int start = Array.IndexOf(CliMd.Value, "## Exit codes");
        Assert.True(start >= 0, "docs/cli.md has no '## Exit codes' section");
        int[] inDocs = CliMd.Value.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => ExitCodeRow().Match(l)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();

        Assert.Equal(inCli, inDocs);
    }

    [Fact(DisplayName = "CLI: every option that takes a value names it in --help (HelpName)")]
    public void ValuedOptions_HaveAValueName()
    {
        string[] unnamed = LeafCommands()
            .SelectMany(c => c.Command.Options.Where(o => TakesValue(o) && string.IsNullOrEmpty(o.HelpName)).Select(o => $"{c.Heading}: {o.Name}"))
            .ToArray();

        Assert.Empty(unnamed);
    }

    private static IEnumerable<string> CheckRow(string heading, Option option, string[] row)
    {
        string expectedCell = TakesValue(option) ? $"`{option.Name} {option.HelpName}`" : $"`{option.Name}`";
        if (!row[0].StartsWith(expectedCell, StringComparison.Ordinal))
        {
            yield return $"{heading}: the option cell of {option.Name} should start with {expectedCell}, not {row[0]}";
        }

        foreach (string alias in option.Aliases.Where(a => !row[0].Contains($"`{a}`", StringComparison.Ordinal)))
        {
            yield return $"{heading}: {option.Name} has the alias {alias}, which its row does not name";
        }

        string documentedDefault = row.Length > 1 ? row[1] : "";
        if (option.Required != (documentedDefault == "required"))
        {
            yield return $"{heading}: {option.Name} is {(option.Required ? "" : "not ")}required; its default cell says '{documentedDefault}'";
        }
        else if (!option.Required && option.ValueType == typeof(bool) && documentedDefault != "off")
        {
            yield return $"{heading}: {option.Name} is a flag; its default cell should be 'off', not '{documentedDefault}'";
        }
        else if (!option.Required && option.ValueType != typeof(bool) && option.HasDefaultValue
            && !documentedDefault.Contains(Convert.ToString(option.GetDefaultValue(), System.Globalization.CultureInfo.InvariantCulture)!, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{heading}: {option.Name} defaults to '{option.GetDefaultValue()}'; its default cell says '{documentedDefault}'";
        }
        else if (documentedDefault.Length == 0)
        {
            yield return $"{heading}: {option.Name} has an empty default cell (write what happens without it)";
        }
    }

    private static bool TakesValue(Option option) => option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;

    /// <summary>Every command that runs (has an action), as its reference heading: <c>mandate agent create NAME</c>.</summary>
    private static IEnumerable<(string Heading, Command Command)> LeafCommands()
    {
        var stack = new Stack<(string, Command)>([("", MandateCli.CreateRootCommand(CliContext.FromConsole()))]);
        while (stack.Count > 0)
        {
            (string prefix, Command command) = stack.Pop();
            string path = (prefix + " " + command.Name).Trim();
            if (command.Action is not null)
            {
                yield return (path + string.Concat(command.Arguments.Select(a => " " + a.Name)), command);
            }

            foreach (Command sub in command.Subcommands)
            {
                stack.Push((path, sub));
            }
        }
    }

    /// <summary>The reference's <c>### `mandate …`</c> sections and their option rows (cells, trimmed).</summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<string[]>> ReferenceSections()
    {
        string[] lines = CliMd.Value;
        int start = Array.IndexOf(lines, ReferenceHeading);
        Assert.True(start >= 0, $"docs/cli.md has no '{ReferenceHeading}' section");

        var sections = new Dictionary<string, IReadOnlyList<string[]>>(StringComparer.Ordinal);
        List<string[]>? rows = null;
        foreach (string line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            if (SectionHeading().Match(line) is { Success: true } heading)
            {
                rows = [];
                Assert.True(sections.TryAdd(heading.Groups[1].Value, rows), $"docs/cli.md documents {heading.Groups[1].Value} twice");
            }
            else if (rows is not null && line.StartsWith("| `-", StringComparison.Ordinal))
            {
                rows.Add(SplitRow(line));
            }
        }

        return sections;
    }

    private static string[] SplitRow(string line) =>
        CellSeparator().Split(line.Trim().Trim('|')).Select(c => c.Trim().Replace("\\|", "|", StringComparison.Ordinal)).ToArray();

    private static string RepoRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mandate.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No Mandate.slnx above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^### `(mandate[^`]*)`\s*$")]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^`(--[a-z0-9-]+)")]
    private static partial Regex OptionName();

    [GeneratedRegex(@"^\|\s*([0-9]+)\s*\|")]
    private static partial Regex ExitCodeRow();

    // A cell separator is a '|' not escaped as '\|' (as in `sqlite\|postgres`).
    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparator();
}

using Mandate.EndToEnd.Tests.Docs;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// The docs run as written (docs/contributing.md, "Docs that run"): every <c>```sh</c> block of README.md and
/// docs/*.md runs, in order, in one bash session per document, in a temp working copy, against the real
/// <c>mandate serve</c> and samples the document itself starts; <c>```csharp program</c> blocks are compiled
/// and run, <c>```csharp compile</c> blocks compiled.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DocumentationTests(ITestOutputHelper output)
{
    private static readonly string[] ShellFlags = ["background"];
    private static readonly string[] CSharpFlags = ["program", "compile"];

    /// <summary>README.md and every docs/*.md with at least one block to run.</summary>
    public static TheoryData<string> RunnableDocuments()
    {
        var data = new TheoryData<string>();
        foreach (string document in Runnable())
        {
            data.Add(document);
        }

        return data;
    }

    [Theory(DisplayName = "docs run as written")]
    [MemberData(nameof(RunnableDocuments))]
    public async Task Document_RunsAsWritten(string document)
    {
        using var run = new DocumentRun();
        (int exitCode, string transcript) = await run.RunAsync(document);
        output.WriteLine(transcript);

        string failedAt = transcript.Split('\n').LastOrDefault(l => l.StartsWith("::docs-block ", StringComparison.Ordinal))?["::docs-block ".Length..] ?? "(before the first block)";
        Assert.True(exitCode == 0, $"{document} failed at block {failedAt} (exit {exitCode}):\n{Tail(transcript)}");
        Assert.EndsWith("::docs-block end", transcript.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "docs: a shell block is ```sh (run) or ```console/```text (not run); flags are known; no prompts in ```sh")]
    public void Blocks_FollowTheConvention()
    {
        var problems = new List<string>();
        foreach (string document in AllDocuments())
        {
            foreach (MarkdownBlock block in MarkdownBlocks.Read(Path.Combine(RepoLayout.Root, document), document))
            {
                if (block.Language is "bash" or "shell" or "zsh")
                {
                    problems.Add($"{block.Location}: ```{block.Language}: write ```sh (run by the docs test) or ```console (not run)");
                }

                string[] known = block.Language switch { "sh" => ShellFlags, "csharp" => CSharpFlags, _ => [] };
                problems.AddRange(block.Flags.Where(f => !known.Contains(f)).Select(f => $"{block.Location}: unknown flag '{f}' on ```{block.Language}"));

                if (block.IsShell && block.Text.Split('\n').Any(l => l.StartsWith("$ ", StringComparison.Ordinal)))
                {
                    problems.Add($"{block.Location}: a '$ ' prompt in ```sh: the block runs as written; use ```console for a transcript");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact(DisplayName = "docs: the walk-throughs (README.md, docs/delegation.md, docs/mcp.md) have blocks the docs test runs")]
    public void TheWalkThroughsAreRun()
    {
        string[] runnable = Runnable().ToArray();
        Assert.Contains("README.md", runnable);
        Assert.Contains("docs/delegation.md", runnable);
        Assert.Contains("docs/mcp.md", runnable);
    }

    private static IEnumerable<string> Runnable() =>
        AllDocuments().Where(d => MarkdownBlocks.Read(Path.Combine(RepoLayout.Root, d), d).Any(b => b.IsShell || b.IsCSharpProgram));

    private static IEnumerable<string> AllDocuments() =>
        new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(RepoLayout.Root, "docs"), "*.md")
            .Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal));

    private static string Tail(string transcript)
    {
        string[] lines = transcript.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 60)));
    }
}

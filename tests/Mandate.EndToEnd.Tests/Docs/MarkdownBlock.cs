namespace Mandate.EndToEnd.Tests.Docs;

/// <summary>
/// One fenced code block of a Markdown document: <c>```sh background</c> has <see cref="Language"/> <c>sh</c>
/// and the flag <c>background</c>. <see cref="Line"/> is the 1-based line of the opening fence.
/// </summary>
internal sealed record MarkdownBlock(string Document, int Line, string Language, IReadOnlyList<string> Flags, string Text)
{
    /// <summary>Where the block is, for messages: <c>README.md:48</c>.</summary>
    public string Location => $"{Document}:{Line}";

    /// <summary>A <c>```sh</c> block: run as written in the document's shell session.</summary>
    public bool IsShell => Language == "sh";

    /// <summary>A <c>```csharp</c> block flagged <c>program</c> (compiled and run) or <c>compile</c> (compiled only).</summary>
    public bool IsCSharpProgram => Language == "csharp" && (HasFlag("program") || HasFlag("compile"));

    /// <summary>True when the info string carries <paramref name="flag"/> after the language.</summary>
    public bool HasFlag(string flag) => Flags.Contains(flag, StringComparer.Ordinal);
}

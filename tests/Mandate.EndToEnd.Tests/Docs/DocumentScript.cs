using System.Text;
using Mandate.EndToEnd.Tests.Harness;

namespace Mandate.EndToEnd.Tests.Docs;

/// <summary>
/// Turns the runnable blocks of one document into one bash script, so the document runs in one shell session
/// as a reader would type it (variables exported by one block are seen by the next):
/// <list type="bullet">
/// <item><c>```sh</c>: run as written with <c>set -eo pipefail</c>; the first failing command fails the document.</item>
/// <item><c>```sh background</c>: a command that runs until stopped (a server, the sample API), which a reader starts in
/// its own terminal. Started in the background in its own process group; the script waits until every loopback URL
/// the block names answers HTTP, and stops the group when the document ends.</item>
/// <item><c>```csharp program</c>: compiled beforehand (<see cref="CSharpProgram"/>) and run at its place.</item>
/// </list>
/// <c>dotnet run --project P -- ARGS</c> runs P's already-built assembly with ARGS (the build is done once, by the
/// test project), and <c>mandate ARGS</c> is the built CLI: the same programs, without a build per command.
/// </summary>
internal static class DocumentScript
{
    /// <summary>Seconds a background block gets until its URLs answer.</summary>
    public const int BackgroundReadySeconds = 60;

    /// <summary>The projects a document may <c>dotnet run</c>, and their built assemblies.</summary>
    public static IReadOnlyDictionary<string, string> Programs => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["src/Mandate.Cli"] = RepoLayout.MandateCli,
        ["samples/Mandate.Samples.Api"] = RepoLayout.SampleApi,
        ["samples/Mandate.Samples.Agent"] = RepoLayout.SampleAgent,
        ["samples/Mandate.Samples.Delegation"] = RepoLayout.SampleDelegation,
        ["samples/Mandate.Samples.McpServer"] = RepoLayout.SampleMcpServer,
        ["samples/Mandate.Samples.McpAgent"] = RepoLayout.SampleMcpAgent,
    };

    /// <summary>Builds the script.</summary>
    /// <param name="blocks">The runnable blocks, in document order.</param>
    /// <param name="ports">Maps the documented ports onto free ones (applied to every block).</param>
    /// <param name="programs">The compiled assembly of each <c>csharp program</c> block.</param>
    /// <param name="logDirectory">Where background blocks write their output (outside the working copy).</param>
    public static string Build(
        IReadOnlyList<MarkdownBlock> blocks, LoopbackPorts ports, IReadOnlyDictionary<MarkdownBlock, string> programs, string logDirectory)
    {
        var script = new StringBuilder(Prelude(logDirectory));
        for (int index = 0; index < blocks.Count; index++)
        {
            MarkdownBlock block = blocks[index];
            script.Append('\n').Append($"__block {Quote(block.Location)}\n");
            if (block.IsCSharpProgram)
            {
                if (programs.TryGetValue(block, out string? assembly))
                {
                    script.Append($"timeout 60 \"$__dotnet\" {Quote(assembly)}\n");
                }

                continue;
            }

            string text = ports.Apply(block.Text);
            if (block.HasFlag("background"))
            {
                string log = Path.Combine(logDirectory, $"background-{index}.log");
                script.Append("set -m\n(\n").Append(text).Append($"\n) > {Quote(log)} 2>&1 &\n");
                script.Append("__background+=($!)\nset +m\n");
                foreach (string url in LoopbackPorts.UrlsIn(text))
                {
                    script.Append($"__wait_http {Quote(url)} $! {Quote(log)}\n");
                }
            }
            else
            {
                script.Append(text).Append('\n');
            }
        }

        script.Append("\n__block end\n");
        return script.ToString();
    }

    private static string Prelude(string logDirectory)
    {
        var cases = new StringBuilder();
        foreach ((string project, string assembly) in Programs)
        {
            cases.Append($"    {project}|./{project}) \"$__dotnet\" {Quote(assembly)} \"$@\" ;;\n");
        }

        return $$"""
            set -eo pipefail
            # One pipe for both streams keeps the transcript in the order things happened (markers go to stderr).
            exec 2>&1
            __dotnet={{Quote(RepoLayout.DotnetHost)}}
            __background=()
            __block() { echo "::docs-block $1" >&2; }
            __stop_background() {
              for pid in "${__background[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
              for pid in "${__background[@]}"; do
                for _ in $(seq 1 100); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
                kill -KILL -- "-$pid" 2>/dev/null || true
              done
            }
            trap __stop_background EXIT
            __wait_http() {
              for _ in $(seq 1 {{BackgroundReadySeconds * 10}}); do
                if curl -s -o /dev/null --max-time 2 "$1"; then return 0; fi
                if ! kill -0 "$2" 2>/dev/null; then echo "docs harness: the background command stopped before $1 answered:" >&2; cat "$3" >&2; return 1; fi
                sleep 0.1
              done
              echo "docs harness: $1 did not answer within {{BackgroundReadySeconds}} s:" >&2; cat "$3" >&2; return 1
            }
            dotnet() {
              if [ "$1" = run ] && [ "$2" = --project ]; then
                local project="${3%/}"; shift 3
                if [ "${1-}" = -- ]; then shift; fi
                case "$project" in
            {{cases}}    *) echo "docs harness: no built program for project $project" >&2; return 127 ;;
                esac
              else
                "$__dotnet" "$@"
              fi
            }
            mandate() { "$__dotnet" {{Quote(RepoLayout.MandateCli)}} "$@"; }
            export -f dotnet mandate
            export __dotnet
            # background logs: {{logDirectory}}

            """;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

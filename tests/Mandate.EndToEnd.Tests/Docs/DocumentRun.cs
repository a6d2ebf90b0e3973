using System.Diagnostics;
using System.Text;
using Mandate.EndToEnd.Tests.Harness;

namespace Mandate.EndToEnd.Tests.Docs;

/// <summary>
/// Runs one document: a temp working copy (README.md and docs/), the C# programs compiled, and the
/// document's script in one <c>bash</c> process, bounded by <see cref="Timeout"/>.
/// </summary>
internal sealed class DocumentRun : IDisposable
{
    /// <summary>The longest a document may run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150);

    private readonly TempDirectory _root = new("docs");

    /// <summary>The working copy the script runs in.</summary>
    public string WorkingDirectory => _root.Combine("work");

    /// <summary>Compiles and runs <paramref name="document"/> (relative to the repository root).</summary>
    /// <returns>The exit code of bash and its output, stdout and stderr interleaved.</returns>
    public async Task<(int ExitCode, string Output)> RunAsync(string document)
    {
        CopyWorkingFiles();
        string logs = Directory.CreateDirectory(_root.Combine("logs")).FullName;
        IReadOnlyList<MarkdownBlock> blocks = MarkdownBlocks.Read(Path.Combine(RepoLayout.Root, document), document)
            .Where(b => b.IsShell || b.IsCSharpProgram).ToArray();

        var ports = new LoopbackPorts();
        var programs = new Dictionary<MarkdownBlock, string>();
        for (int i = 0; i < blocks.Count; i++)
        {
            if (!blocks[i].IsCSharpProgram)
            {
                continue;
            }

            (string? assembly, string errors) = CSharpProgram.Compile(ports.Apply(blocks[i].Text), _root.Combine("programs", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (assembly is null)
            {
                return (-1, $"{blocks[i].Location}: the C# program does not compile:\n{errors}");
            }

            if (blocks[i].HasFlag("program"))
            {
                programs[blocks[i]] = assembly;
            }
        }

        string script = _root.Combine("script.sh");
        File.WriteAllText(script, DocumentScript.Build(blocks, ports, programs, logs));
        return await RunBashAsync(script);
    }

    private void CopyWorkingFiles()
    {
        Directory.CreateDirectory(WorkingDirectory);
        File.Copy(Path.Combine(RepoLayout.Root, "README.md"), Path.Combine(WorkingDirectory, "README.md"));
        Directory.CreateDirectory(Path.Combine(WorkingDirectory, "docs"));
        foreach (string file in Directory.GetFiles(Path.Combine(RepoLayout.Root, "docs")))
        {
            File.Copy(file, Path.Combine(WorkingDirectory, "docs", Path.GetFileName(file)));
        }
    }

    private async Task<(int, string)> RunBashAsync(string script)
    {
        var startInfo = new ProcessStartInfo("bash") { WorkingDirectory = WorkingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(script);
        foreach (string key in startInfo.Environment.Keys.Where(k => k.StartsWith("MANDATE_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM to bash runs its EXIT trap, which stops the background servers; then the rest.
            _ = Kill("-TERM", process.Id);
            await Task.Delay(TimeSpan.FromSeconds(5));
            process.Kill(entireProcessTree: true);
            return (-1, $"the document did not finish within {Timeout.TotalSeconds:0} s\n{Text(output)}");
        }

        process.WaitForExit();
        return (process.ExitCode, Text(output));
    }

    private static bool Kill(string signal, int pid)
    {
        using Process? kill = Process.Start("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return kill?.WaitForExit(5000) ?? false;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Append(line).Append('\n');
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    public void Dispose() => _root.Dispose();
}

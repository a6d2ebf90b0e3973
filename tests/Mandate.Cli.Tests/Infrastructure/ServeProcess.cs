using System.Diagnostics;

namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>
/// Runs <c>dotnet Mandate.dll serve</c> as a real child process (not in-process) on a free loopback port
/// with a temporary data folder, so a test can SIGKILL it.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(string root, string url)
    {
        Root = root;
        Url = url;
        string dll = Path.Combine(AppContext.BaseDirectory, "Mandate.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "exec", dll, "serve", "--urls", url, "--data-dir", DataDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Press Ctrl+C", StringComparison.Ordinal) == true)
            {
                _listening.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
    }

    /// <summary>The temporary working directory.</summary>
    public string Root { get; }

    /// <summary>The server URL (also its issuer).</summary>
    public string Url { get; }

    /// <summary>The data folder (mandate.db, admin-credentials.json).</summary>
    public string DataDirectory => Path.Combine(Root, ".mandate");

    /// <summary>A CLI runner pointed at the server with the admin credentials in ./.mandate.</summary>
    public CliRunner Cli => new(Root, new Dictionary<string, string> { ["MANDATE_SERVER"] = Url });

    /// <summary>Starts the process and waits until it listens.</summary>
    public static async Task<ServeProcess> StartAsync()
    {
        string root = Directory.CreateTempSubdirectory("mandate-kill-").FullName;
        var server = new ServeProcess(root, $"http://127.0.0.1:{FreePort.Next()}");
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        Task exited = server._process.WaitForExitAsync();
        Task first = await Task.WhenAny(server._listening.Task, exited).WaitAsync(TimeSpan.FromSeconds(90));
        if (first != server._listening.Task)
        {
            throw new InvalidOperationException("mandate serve exited before listening.");
        }

        return server;
    }

    /// <summary>SIGKILL (kill -9) on Unix: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the OS cleans temp folders.
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// One program under test running as its own OS process (<c>dotnet X.dll args</c>), with stdout and
/// stderr captured line by line. Disposing kills the whole process tree if it is still running, so
/// a failing test never leaves a server behind; processes still alive when the test host exits are
/// killed too.
/// </summary>
internal sealed class ProcessHost : IAsyncDisposable
{
    /// <summary>How long a process gets to come up (a cold start on a busy 2-core box).</summary>
    public static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly string _commandLine;
    private readonly Action<string>? _log;
    private bool _disposed;

    static ProcessHost()
    {
        // Last resort: the test host is exiting (run aborted, assembly torn down) with processes still up.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (Process process in Running.Values)
            {
                TryKill(process);
            }
        };
    }

    private ProcessHost(string name, Process process, string commandLine, Action<string>? log)
    {
        Name = name;
        _process = process;
        _commandLine = commandLine;
        _log = log;
    }

    /// <summary>A short name for messages, e.g. <c>serve</c>.</summary>
    public string Name { get; }

    /// <summary>Standard output, line by line.</summary>
    public OutputBuffer Output { get; } = new();

    /// <summary>Standard error, line by line.</summary>
    public OutputBuffer Error { get; } = new();

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>dotnet {assembly} {arguments}</c> in <paramref name="workingDirectory"/>. The child
    /// inherits this process's environment minus every MANDATE_* variable (so a developer's own
    /// settings cannot leak in), plus <paramref name="environment"/> (a null value removes a variable).
    /// </summary>
    /// <param name="log">Receives a transcript when the host is disposed (for example ITestOutputHelper.WriteLine).</param>
    public static ProcessHost Start(
        string name,
        string assembly,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? log = null) =>
        StartProgram(name, RepoLayout.DotnetHost, [assembly, .. arguments], workingDirectory, environment, log);

    /// <summary>Starts <c>{fileName} {arguments}</c> (a program on PATH or a path, e.g. <c>node</c>) like <see cref="Start"/>.</summary>
    public static ProcessHost StartProgram(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? log = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (string key in startInfo.Environment.Keys.Where(k => k.StartsWith("MANDATE_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        string commandLine = DescribeCommandLine(startInfo.ArgumentList);
        var host = new ProcessHost(name, process, commandLine, log);
        process.OutputDataReceived += (_, e) => host.Output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Error.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {commandLine}.");
        }

        Running[process.Id] = process;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits (polling every 100 ms, at most <paramref name="timeout"/>) for a stdout line matching <paramref name="predicate"/>.</summary>
    /// <returns>The line.</returns>
    public async Task<string> WaitForOutputLineAsync(Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (Output.Find(predicate) is { } line)
            {
                return line;
            }

            ThrowIfExitedOrLate(elapsed, timeout ?? ReadinessTimeout, "the expected output line");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits (polling every 100 ms, at most <paramref name="timeout"/>) until GET <paramref name="url"/> answers 2xx.</summary>
    public async Task WaitForHttpAsync(string url, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Stopwatch elapsed = Stopwatch.StartNew();
        string lastOutcome = "no attempt";
        while (true)
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastOutcome = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                lastOutcome = ex.Message;
            }
            catch (TaskCanceledException)
            {
                lastOutcome = "no answer within 5 s";
            }

            ThrowIfExitedOrLate(elapsed, timeout ?? ReadinessTimeout, $"GET {url} to answer 2xx (last: {lastOutcome})");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits for the process to exit by itself and for its output to be read to the end.</summary>
    /// <returns>The exit code.</returns>
    /// <exception cref="TimeoutException">It was still running after <paramref name="timeout"/>; it has been killed.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            TryKill(_process);
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0} s and was killed.\n{Transcript()}");
        }

        Running.TryRemove(_process.Id, out _);
        return _process.ExitCode;
    }

    /// <summary>Asks the process to stop (SIGTERM), then waits for it to exit.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!PosixSignals.TryTerminate(_process.Id))
        {
            TryKill(_process);
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>The command line and everything the process wrote, for failure messages.</summary>
    public string Transcript(int maxLines = 200)
    {
        var text = new StringBuilder();
        text.Append("--- ").Append(Name).Append(": ").Append(_commandLine);
        text.Append(_process.HasExited ? $" (exited {_process.ExitCode})" : " (running)").Append('\n');
        AppendTail(text, "stdout", Output.Lines, maxLines);
        AppendTail(text, "stderr", Error.Lines, maxLines);
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            TryKill(_process);
            using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed but not reaped within 10 s; nothing more a test can do.
            }
        }

        Running.TryRemove(_process.Id, out _);
        try
        {
            _log?.Invoke(Transcript());
        }
        catch (InvalidOperationException)
        {
            // The test output helper is no longer attached to a running test.
        }

        _process.Dispose();
    }

    /// <summary>The arguments for messages, with the value after any --*-secret option (--client-secret,
    /// --orchestrator-secret, ...) masked.</summary>
    internal static string DescribeCommandLine(IList<string> arguments) =>
        string.Join(' ', arguments.Select((a, i) =>
            i > 0 && arguments[i - 1].StartsWith("--", StringComparison.Ordinal) && arguments[i - 1].EndsWith("-secret", StringComparison.Ordinal)
                ? "***" : a.Contains(' ') ? $"\"{a}\"" : a));

    private void ThrowIfExitedOrLate(Stopwatch elapsed, TimeSpan timeout, string what)
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) while waiting for {what}.\n{Transcript()}");
        }

        if (elapsed.Elapsed > timeout)
        {
            throw new TimeoutException($"{Name}: no {what} within {timeout.TotalSeconds:0} s.\n{Transcript()}");
        }
    }

    private static void AppendTail(StringBuilder text, string label, IReadOnlyList<string> lines, int maxLines)
    {
        text.Append("[").Append(label).Append(", ").Append(lines.Count).Append(" lines]\n");
        int skip = Math.Max(0, lines.Count - maxLines);
        if (skip > 0)
        {
            text.Append("... ").Append(skip).Append(" earlier lines\n");
        }

        foreach (string line in lines.Skip(skip))
        {
            text.Append(line).Append('\n');
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting right now.
        }
    }
}

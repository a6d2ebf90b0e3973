namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>
/// One in-process <c>mandate serve</c> with the arguments a test chooses, in a working directory the test owns,
/// so a test can stop it and start another server on the same data folder.
/// </summary>
public sealed class ServeRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly LineSignalWriter _output = new("Press Ctrl+C");
    private readonly StringWriter _error = new();
    private readonly Task<int> _serve;

    private ServeRun(string root, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var context = new CliContext(_output, _error)
        {
            WorkingDirectory = root,
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out string? value) ? value : null,
        };
        _serve = Task.Run(() => MandateCli.RunAsync(["serve", .. args], context, _stop.Token));
    }

    /// <summary>Whether serve reached "Press Ctrl+C" (false: it exited first, see <see cref="ExitCode"/>).</summary>
    public bool Listening { get; private set; }

    /// <summary>The exit code once serve has ended.</summary>
    public int? ExitCode => _serve.IsCompleted ? _serve.Result : null;

    /// <summary>What serve wrote to stderr.</summary>
    public string Stderr => _error.ToString();

    /// <summary>What serve wrote to stdout.</summary>
    public string Stdout => _output.ToString();

    /// <summary>Starts serve and waits until it listens or exits.</summary>
    public static async Task<ServeRun> StartAsync(string root, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var run = new ServeRun(root, args, environment);
        Task first = await Task.WhenAny(run._output.Seen, run._serve).WaitAsync(TimeSpan.FromSeconds(60));
        run.Listening = first == run._output.Seen;
        return run;
    }

    /// <summary>Asserts that serve exited with <paramref name="exitCode"/> and one "error: " line that contains <paramref name="text"/>.</summary>
    public void AssertRefused(int exitCode, string text)
    {
        Assert.False(Listening, "serve started: " + Stdout);
        new CliResult(ExitCode!.Value, Stdout, Stderr).AssertOneLineError(exitCode);
        Assert.Contains(text, Stderr);
    }

    /// <summary>Stops serve (as Ctrl-C would) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _serve;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}

namespace Mandate.Cli;

/// <summary>
/// Everything a command may touch outside itself: standard streams, environment variables, the
/// working directory, the clock and HTTP. <see cref="MandateCli.RunAsync(string[], CliContext, CancellationToken)"/>
/// takes one, so tests run commands in-process without touching process-wide state.
/// </summary>
public sealed class CliContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error; receives exactly one line per failure.</param>
    public CliContext(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Output = output;
        Error = error;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Standard input, read when a command is given <c>-</c> instead of a value. Default: empty.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>Looks up an environment variable; returns null when unset. Default: none are set.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = static _ => null;

    /// <summary>Directory that relative paths (such as the default <c>./.mandate</c>) resolve against.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>The clock used for expiry explanations and forged tokens. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Creates the handler behind every HTTP call the command makes. Default: a new <see cref="SocketsHttpHandler"/>.</summary>
    public Func<HttpMessageHandler> CreateHttpHandler { get; init; } = static () => new SocketsHttpHandler();

    /// <summary>Timeout of a single HTTP request. Default: 30 seconds.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The context of a real process: console streams and the process environment.</summary>
    public static CliContext FromConsole() => new(Console.Out, Console.Error)
    {
        Input = Console.In,
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
    };

    /// <summary>Creates an <see cref="HttpClient"/> over <see cref="CreateHttpHandler"/> with <see cref="HttpTimeout"/>.</summary>
    internal HttpClient CreateHttpClient() => new(CreateHttpHandler(), disposeHandler: true) { Timeout = HttpTimeout };

    /// <summary>Resolves <paramref name="path"/> against <see cref="WorkingDirectory"/>.</summary>
    internal string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}

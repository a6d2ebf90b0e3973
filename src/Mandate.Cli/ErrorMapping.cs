using Microsoft.Extensions.Options;

namespace Mandate.Cli;

/// <summary>Maps an exception that escaped a command to its exit code and one-line message.</summary>
internal static class ErrorMapping
{
    /// <summary>Returns the exit code and message for <paramref name="exception"/>; never includes a stack trace.</summary>
    public static (int Code, string Message) Map(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Failure, "cancelled"),
        // HttpClient reports its own timeout as a cancellation that nobody requested.
        OperationCanceledException => (ExitCodes.Unreachable, "the server did not answer in time"),
        HttpRequestException http => (ExitCodes.Unreachable, "cannot reach the server: " + http.Message),
        OptionsValidationException options =>
            (ExitCodes.Failure, "the server configuration is invalid: " + string.Join(" ", options.Failures.Select(ServeOptionWording.Rephrase))),
        // Start-up refusals of the server carry their id (MND0xxx, MND1xxx) and name the file concerned.
        InvalidOperationException start when IsStartupRefusal(start.Message) => (ExitCodes.Failure, start.Message),
        UnauthorizedAccessException access => (ExitCodes.Failure, access.Message),
        IOException io => (ExitCodes.Failure, io.Message),
        _ => (ExitCodes.Failure, $"unexpected {exception.GetType().Name}: {exception.Message}"),
    };

    private static bool IsStartupRefusal(string message) =>
        message.StartsWith("MND0", StringComparison.Ordinal) || message.StartsWith("MND1", StringComparison.Ordinal);
}

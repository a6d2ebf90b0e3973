namespace Mandate.Cli;

/// <summary>
/// An expected command failure: a one-line message for stderr and the exit code to return.
/// Thrown by command code and caught once, at the top level, by <see cref="MandateCli"/>.
/// </summary>
internal sealed class CliException : Exception
{
    /// <summary>Creates the failure.</summary>
    /// <param name="exitCode">One of <see cref="ExitCodes"/>.</param>
    /// <param name="message">One line, no secrets, no token values.</param>
    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code, one of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; }

    /// <summary>A usage error (exit code 2).</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}

namespace Mandate.Cli;

/// <summary>
/// The documented process exit codes of the <c>mandate</c> command (see docs/cli.md).
/// </summary>
public static class ExitCodes
{
    /// <summary>The command succeeded.</summary>
    public const int Ok = 0;

    /// <summary>The command failed, or what it checked is invalid (for example an invalid token).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: unknown command or option, missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>The Mandate server (or the API under test) could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>Authentication or authorization failed, for example wrong admin credentials.</summary>
    public const int AuthenticationFailed = 4;

    /// <summary>The named agent, key or file does not exist.</summary>
    public const int NotFound = 5;

    /// <summary>The request conflicts with the current state, for example resuming a decommissioned agent.</summary>
    public const int Conflict = 6;
}

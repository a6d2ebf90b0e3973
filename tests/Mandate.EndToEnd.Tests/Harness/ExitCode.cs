namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// The documented exit codes of <c>mandate</c> (docs/cli.md; src/Mandate.Cli/ExitCodes.cs). Written out
/// here, not referenced, because these tests check the contract an operator's scripts rely on.
/// </summary>
internal static class ExitCode
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
    public const int AuthenticationFailed = 4;
    public const int NotFound = 5;
    public const int Conflict = 6;
}

namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>Checks on how <c>mandate</c> reports a failure to an operator.</summary>
internal static class CliAssert
{
    /// <summary>
    /// The command failed with <paramref name="exitCode"/>, wrote exactly one line to stderr and no stack
    /// trace anywhere. Returns that line.
    /// </summary>
    public static string FailedWithOneLine(CommandResult result, int exitCode)
    {
        result.AssertExitCode(exitCode);
        if (result.Error.Count != 1)
        {
            throw new Xunit.Sdk.XunitException($"expected exactly one line on stderr, got {result.Error.Count}.\n{result}");
        }

        if (result.OutputText.Contains("   at ", StringComparison.Ordinal) || result.ErrorText.Contains("   at ", StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException($"a stack trace was printed.\n{result}");
        }

        return result.Error[0];
    }
}

namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>Shared limits for tests.</summary>
internal static class TestContext
{
    /// <summary>No single CLI run in a test may take longer than this.</summary>
    public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}

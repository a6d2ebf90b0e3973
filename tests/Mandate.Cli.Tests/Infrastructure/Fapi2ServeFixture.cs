namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>A <c>mandate serve --profile fapi2</c> on loopback (docs/fapi2.md).</summary>
public sealed class Fapi2ServeFixture : ServeFixture
{
    /// <inheritdoc />
    protected override string[] ExtraServeArguments => ["--profile", "fapi2"];
}

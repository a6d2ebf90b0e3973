// Start-up validation of the refresh-token lifetimes and of the RFC 9396 supported types (STYLE §4).
using Mandate.Server.AuthorizationDetails;
using Mandate.Server.Grants.RefreshToken;

namespace Mandate.Server.Tests.Grants.RefreshToken;

public sealed class RefreshOptionsValidatorTests
{
    [Fact]
    public void RefreshTokenOptions_Defaults_AreValid() =>
        Assert.True(new RefreshTokenOptionsValidator().Validate(null, new RefreshTokenOptions()).Succeeded);

    [Theory]
    [InlineData(0.5, 60)]        // idle below 1 minute
    [InlineData(60, 0.5)]        // absolute below 1 minute
    [InlineData(120, 60)]        // idle longer than absolute
    [InlineData(60, 91 * 1440)]  // absolute above 90 days
    [InlineData(31 * 1440, 90 * 1440)] // idle above 30 days
    public void RefreshTokenOptions_OutOfRange_Fail(double idleMinutes, double absoluteMinutes)
    {
        var options = new RefreshTokenOptions { IdleLifetime = TimeSpan.FromMinutes(idleMinutes), AbsoluteLifetime = TimeSpan.FromMinutes(absoluteMinutes) };

        var result = new RefreshTokenOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("MND004", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthorizationDetailsOptions_DistinctNames_AreValid() =>
        Assert.True(new AuthorizationDetailsOptionsValidator().Validate(null, new AuthorizationDetailsOptions { TypesSupported = ["agent_task", "payment"] }).Succeeded);

    [Theory]
    [InlineData("agent_task", "agent_task")]
    [InlineData("agent_task", "")]
    [InlineData(" ", "x")]
    public void AuthorizationDetailsOptions_DuplicateOrEmpty_Fail(string first, string second) =>
        Assert.True(new AuthorizationDetailsOptionsValidator().Validate(null, new AuthorizationDetailsOptions { TypesSupported = [first, second] }).Failed);
}

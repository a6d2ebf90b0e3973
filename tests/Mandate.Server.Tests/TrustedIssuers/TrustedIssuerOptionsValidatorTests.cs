using Mandate.Server.TrustedIssuers;

namespace Mandate.Server.Tests.TrustedIssuers;

public sealed class TrustedIssuerOptionsValidatorTests
{
    private static readonly TrustedIssuerOptionsValidator Validator = new();

    [Fact]
    public void Defaults_AreValid_AndIdJagIssuanceIsClosed()
    {
        var options = new TrustedIssuerOptions();

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.Empty(options.IdJagAudiences);
        Assert.False(options.AllowHttpJwksOnLoopback);
    }

    [Theory]
    [InlineData("http://chat.example")]
    [InlineData("not a url")]
    public void IdJagAudience_NotHttps_Fails(string audience)
    {
        var options = new TrustedIssuerOptions();
        options.IdJagAudiences.Add(audience);

        Assert.Contains("MND0302", Validator.Validate(null, options).FailureMessage);
    }

    [Fact]
    public void IdJagLifetime_OverAnHour_Fails()
    {
        var options = new TrustedIssuerOptions { IdJagLifetime = TimeSpan.FromHours(2) };

        Assert.Contains("MND0301", Validator.Validate(null, options).FailureMessage);
    }

    [Fact]
    public void JwksMaxAge_Zero_Fails()
    {
        var options = new TrustedIssuerOptions { JwksMaxAge = TimeSpan.Zero };

        Assert.Contains("MND0300", Validator.Validate(null, options).FailureMessage);
    }
}

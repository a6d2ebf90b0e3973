// Start-up validation: RFC 8414 §2 issuer rules (https, no query/fragment; http only for loopback or
// with AllowInsecureHttpIssuer) and the documented ranges.
using Microsoft.Extensions.Options;

namespace Mandate.Server.Tests;

public sealed class MandateServerOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(Action<MandateServerOptions> configure)
    {
        var options = new MandateServerOptions { Issuer = "https://auth.example.com" };
        configure(options);
        return new MandateServerOptionsValidator().Validate(null, options);
    }

    [Theory(DisplayName = "RFC 8414 §2: https issuers and http loopback issuers are accepted")]
    [InlineData("https://auth.example.com")]
    [InlineData("https://auth.example.com/tenant")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.9.9.9:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public void ValidIssuer_IsAccepted(string issuer) => Assert.True(Validate(o => o.Issuer = issuer).Succeeded);

    [Theory(DisplayName = "RFC 8414 §2: issuers that are not https URLs without query or fragment are refused")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auth.example.com")]
    [InlineData("/relative")]
    [InlineData("http://auth.example.com")]
    [InlineData("http://10.0.0.1")]
    [InlineData("ftp://auth.example.com")]
    [InlineData("https://auth.example.com?x=1")]
    [InlineData("https://auth.example.com#frag")]
    public void InvalidIssuer_IsRefused(string? issuer) => Assert.True(Validate(o => o.Issuer = issuer).Failed);

    [Fact(DisplayName = "AllowInsecureHttpIssuer permits http on other hosts")]
    public void AllowInsecure_PermitsHttp() =>
        Assert.True(Validate(o => { o.Issuer = "http://auth.internal"; o.AllowInsecureHttpIssuer = true; }).Succeeded);

    [Fact(DisplayName = "MaxAccessTokenLifetime is limited to 30 seconds .. 24 hours")]
    public void MaxLifetime_Range()
    {
        Assert.True(Validate(o => o.MaxAccessTokenLifetime = TimeSpan.FromHours(25)).Failed);
        Assert.True(Validate(o => { o.MaxAccessTokenLifetime = TimeSpan.FromSeconds(29); o.DefaultAccessTokenLifetime = TimeSpan.FromSeconds(29); }).Failed);
        Assert.True(Validate(o => o.MaxAccessTokenLifetime = TimeSpan.FromHours(24)).Succeeded);
    }

    [Fact(DisplayName = "DefaultAccessTokenLifetime may not exceed MaxAccessTokenLifetime")]
    public void DefaultLifetime_NotOverMax() =>
        Assert.True(Validate(o => { o.MaxAccessTokenLifetime = TimeSpan.FromMinutes(1); o.DefaultAccessTokenLifetime = TimeSpan.FromMinutes(5); }).Failed);

    [Fact(DisplayName = "KeyRotationInterval: zero or 10 seconds .. 365 days, and longer than KeyPropagationDelay")]
    public void KeyRotationInterval_Range()
    {
        Assert.True(Validate(o => o.KeyRotationInterval = TimeSpan.Zero).Succeeded);
        Assert.True(Validate(o => { o.KeyRotationInterval = TimeSpan.FromSeconds(20); o.KeyPropagationDelay = TimeSpan.FromSeconds(5); }).Succeeded);
        Assert.True(Validate(o => { o.KeyRotationInterval = TimeSpan.FromSeconds(9); o.KeyPropagationDelay = TimeSpan.Zero; }).Failed);
        Assert.True(Validate(o => { o.KeyRotationInterval = TimeSpan.FromSeconds(20); o.KeyPropagationDelay = TimeSpan.FromSeconds(20); }).Failed);
    }

    [Fact(DisplayName = "StorePollInterval: zero (off) or 100 ms .. 1 minute")]
    public void StorePollInterval_Range()
    {
        Assert.True(Validate(o => o.StorePollInterval = TimeSpan.Zero).Succeeded);
        Assert.True(Validate(o => o.StorePollInterval = TimeSpan.FromMilliseconds(100)).Succeeded);
        Assert.True(Validate(o => o.StorePollInterval = TimeSpan.FromMilliseconds(99)).Failed);
        Assert.True(Validate(o => o.StorePollInterval = TimeSpan.FromMinutes(2)).Failed);
    }

    [Theory(DisplayName = "KeyEncryptionKey must be base64url of exactly 32 bytes")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void BadKek_IsRefused(string kek) => Assert.True(Validate(o => o.KeyEncryptionKey = kek).Failed);

    [Fact(DisplayName = "A 32-byte base64url KeyEncryptionKey is accepted")]
    public void GoodKek_IsAccepted() =>
        Assert.True(Validate(o => o.KeyEncryptionKey = Mandate.Jose.Base64Url.Encode(new byte[32])).Succeeded);

    [Fact(DisplayName = "MaxRequestBodySize, ClockSkew and the cache/flush intervals are range-checked")]
    public void OtherRanges()
    {
        Assert.True(Validate(o => o.MaxRequestBodySize = 100).Failed);
        Assert.True(Validate(o => o.ClockSkew = TimeSpan.FromMinutes(6)).Failed);
        Assert.True(Validate(o => o.AgentCacheDuration = TimeSpan.FromMinutes(6)).Failed);
        Assert.True(Validate(o => o.LastUsedFlushInterval = TimeSpan.Zero).Failed);
        Assert.True(Validate(o => o.ClientAssertionMaxLifetime = TimeSpan.FromHours(25)).Failed);
    }

    [Fact(DisplayName = "Invalid options stop the container when options are first read")]
    public async Task InvalidOptions_FailFast()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() => Harness.ServerHarness.CreateAsync(o => o.Issuer = "http://auth.example.com"));
    }
}

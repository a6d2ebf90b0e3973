// MandateBearerOptions are validated at start-up (IValidateOptions + ValidateOnStart): a misconfigured API
// refuses to start instead of accepting the wrong tokens.
using Mandate.ResourceServer.Jwks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.ResourceServer.Tests;

public sealed class OptionsValidationTests
{
    [Fact(DisplayName = "Options: a complete configuration starts")]
    public async Task Valid_Starts() => await StartAsync(_ => { });

    [Theory(DisplayName = "Options: nonsense fails at start-up")]
    [InlineData("no-issuer")]
    [InlineData("relative-issuer")]
    [InlineData("http-issuer")]
    [InlineData("issuer-query")]
    [InlineData("no-audience")]
    [InlineData("hs256")]
    [InlineData("none")]
    [InlineData("no-algorithms")]
    [InlineData("skew")]
    [InlineData("cooldown")]
    [InlineData("token-length")]
    [InlineData("cache-size")]
    [InlineData("realm")]
    [InlineData("scope")]
    [InlineData("http-metadata")]
    public async Task Invalid_FailsAtStart(string case_)
    {
        Action<MandateBearerOptions> configure = case_ switch
        {
            "no-issuer" => o => o.Issuer = null,
            "relative-issuer" => o => o.Issuer = "/issuer",
            "http-issuer" => o => o.Issuer = "http://issuer.example.test",
            "issuer-query" => o => o.Issuer = "https://issuer.example.test/?tenant=1",
            "no-audience" => o => o.Audience = " ",
            "hs256" => o => o.AllowedAlgorithms.Add("HS256"),
            "none" => o => o.AllowedAlgorithms.Add("none"),
            "no-algorithms" => o => o.AllowedAlgorithms.Clear(),
            "skew" => o => o.ClockSkew = TimeSpan.FromMinutes(10),
            "cooldown" => o => o.JwksRefreshCooldown = TimeSpan.FromHours(1),
            "token-length" => o => o.MaxTokenLength = 10,
            "cache-size" => o => o.ValidatedTokenCacheSize = -1,
            "realm" => o => o.Realm = "a\r\nb",
            "scope" => o => o.ResourceMetadata.ScopesSupported.Add("a b"),
            "http-metadata" => o => o.MetadataAddress = new Uri("http://issuer.example.test/.well-known/oauth-authorization-server"),
            _ => throw new ArgumentOutOfRangeException(nameof(case_)),
        };
        await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(configure));
    }

    [Fact(DisplayName = "Options: an http issuer is allowed only with AllowHttpIssuer")]
    public async Task HttpIssuer_AllowedExplicitly() => await StartAsync(o =>
    {
        o.Issuer = "http://127.0.0.1:1";
        o.AllowHttpIssuer = true;
    });

    [Fact(DisplayName = "Options: defaults are the safe ones")]
    public void Defaults()
    {
        var options = new MandateBearerOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), options.ClockSkew);
        Assert.Equal(8 * 1024, options.MaxTokenLength);
        Assert.Equal(["ES256", "ES384", "RS256", "PS256"], options.AllowedAlgorithms);
        Assert.False(options.AllowQueryStringToken);
        Assert.False(options.AllowHttpIssuer);
        Assert.Equal(10_000, options.ValidatedTokenCacheSize);
        Assert.Equal("MandateBearer", MandateBearerDefaults.AuthenticationScheme);
    }

    [Theory(DisplayName = "RFC 8414 §3.1: the metadata URL inserts the well-known suffix before the issuer path")]
    [InlineData("https://issuer.example.test", "https://issuer.example.test/.well-known/oauth-authorization-server")]
    [InlineData("https://issuer.example.test/", "https://issuer.example.test/.well-known/oauth-authorization-server")]
    [InlineData("https://issuer.example.test/tenant1", "https://issuer.example.test/.well-known/oauth-authorization-server/tenant1")]
    public void MetadataAddress_Derived(string issuer, string expected) =>
        Assert.Equal(expected, JwksCacheSettings.MetadataAddressFor(issuer).AbsoluteUri);

    [Fact(DisplayName = "Options: RequireScope rejects an empty list and invalid scope-tokens")]
    public void RequireScope_Validates()
    {
        Assert.Throws<ArgumentException>(() => new Mandate.ResourceServer.Authorization.MandateScopeRequirement([]));
        Assert.Throws<ArgumentException>(() => new Mandate.ResourceServer.Authorization.MandateScopeRequirement(["a b"]));
    }

    private static async Task StartAsync(Action<MandateBearerOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication().AddMandateBearer(o =>
        {
            o.Issuer = "https://issuer.example.test";
            o.Audience = "https://api.example.test";
            configure(o);
        });
        await using var app = builder.Build();
        await app.StartAsync();
        await app.StopAsync();
    }
}

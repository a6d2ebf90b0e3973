// The JWKS cache (panva/jose remote set semantics): unknown kid → one refetch and a retry in the same request,
// single-flight, at most once per cooldown; stale keys keep serving while the issuer is down.
using System.Net;
using Mandate.Jose;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.ResourceServer.Tests.Infrastructure;

namespace Mandate.ResourceServer.Tests;

public sealed class KeyRotationTests : ResourceServerTestBase
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(30);

    [Fact(DisplayName = "Key rotation: a token signed by a newly published kid is accepted on first use after exactly one refetch")]
    public async Task NewKid_AcceptedWithOneRefetch()
    {
        await AssertAcceptedAsync(ValidToken());
        Assert.Equal(1, Issuer.JwksFetches);

        using var next = SigningKey.Generate(SignatureAlgorithm.ES256);
        Issuer.Publish(next);
        Api.Time.Advance(Cooldown);

        await AssertAcceptedAsync(TestTokens.Sign(next, Claims()));
        Assert.Equal(2, Issuer.JwksFetches);
        await AssertAcceptedAsync(TestTokens.Sign(next, Claims()));
        await AssertAcceptedAsync(ValidToken());
        Assert.Equal(2, Issuer.JwksFetches);
        Assert.Empty(Api.Failures);
    }

    [Fact(DisplayName = "Key rotation: concurrent requests with a new kid share one refetch")]
    public async Task NewKid_ConcurrentRequestsSingleFlight()
    {
        await AssertAcceptedAsync(ValidToken());
        using var next = SigningKey.Generate(SignatureAlgorithm.RS256);
        Issuer.Publish(next);
        Api.Time.Advance(Cooldown);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Api.GetAsync("/api/tools", TestTokens.Sign(next, Claims()))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2, Issuer.JwksFetches);
    }

    [Fact(DisplayName = "Key rotation: 100 forged unknown kids cause at most one refetch within the cooldown")]
    public async Task ForgedKids_BoundedByCooldown()
    {
        await AssertAcceptedAsync(ValidToken());
        Api.Time.Advance(Cooldown);

        for (var i = 0; i < 100; i++)
        {
            using var response = await Api.GetAsync("/api/tools", TestTokens.SignWithForeignKey("forged-" + i, Claims()));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.InRange(Issuer.JwksFetches - 1, 0, 1);
        Assert.All(Api.Failures, f => Assert.Equal(JoseErrorCode.UnknownKeyId, f));
    }

    [Fact(DisplayName = "Key rotation: forged kids sent concurrently still cause at most one refetch")]
    public async Task ForgedKids_Concurrent_BoundedByCooldown()
    {
        await AssertAcceptedAsync(ValidToken());
        Api.Time.Advance(Cooldown);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Api.GetAsync("/api/tools", TestTokens.SignWithForeignKey("forged-" + i, Claims()))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.InRange(Issuer.JwksFetches - 1, 0, 1);
    }

    [Fact(DisplayName = "Key rotation: an unknown kid within the cooldown of the last fetch is rejected without a refetch")]
    public async Task UnknownKid_WithinCooldown_NoRefetch()
    {
        await AssertAcceptedAsync(ValidToken());
        await AssertRejectedAsync(TestTokens.SignWithForeignKey("forged", Claims()), JoseErrorCode.UnknownKeyId);
        Assert.Equal(1, Issuer.JwksFetches);
    }

    [Fact(DisplayName = "Issuer down: cached keys keep validating fresh tokens past the max age")]
    public async Task IssuerDown_StaleKeysServe()
    {
        await AssertAcceptedAsync(ValidToken());
        await Issuer.StopAsync();
        Api.Time.Advance(TimeSpan.FromMinutes(11)); // past JwksMaxAge: a background refresh starts and fails

        await AssertAcceptedAsync(ValidToken());
        Api.Time.Advance(Cooldown);
        await AssertAcceptedAsync(ValidToken());
        await AssertRejectedAsync(TestTokens.SignWithForeignKey("forged", Claims()), JoseErrorCode.UnknownKeyId);
    }

    [Fact(DisplayName = "Key rotation: after the max age, a kid published meanwhile is found by the refresh")]
    public async Task MaxAge_RefreshPicksUpNewKeys()
    {
        await AssertAcceptedAsync(ValidToken());
        using var next = SigningKey.Generate(SignatureAlgorithm.ES384);
        Issuer.Publish(next);
        Api.Time.Advance(TimeSpan.FromMinutes(10));

        await AssertAcceptedAsync(TestTokens.Sign(next, Claims()));
        Assert.Equal(2, Issuer.JwksFetches);
    }

    [Fact(DisplayName = "RFC 8414 §3.3: metadata naming another issuer is not used")]
    public async Task MetadataIssuerMismatch_NoKeys()
    {
        Issuer.MetadataIssuerOverride = "https://evil.example.test";
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer);
        using var response = await api.GetAsync("/api/tools", ValidToken());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(JoseErrorCode.UnknownKeyId, Assert.Single(api.Failures));
        Assert.Equal(0, Issuer.JwksFetches);
    }

    [Fact(DisplayName = "RFC 8259 §8.2: metadata whose issuer is an escaped lone surrogate is not used, and tokens get 401, not a server error")]
    public async Task MetadataNotUnicode_NoKeys()
    {
        Issuer.MetadataIssuerOverride = "\\ud800";                 // written into the JSON as the escape \ud800
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer);
        using var response = await api.GetAsync("/api/tools", ValidToken());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(JoseErrorCode.UnknownKeyId, Assert.Single(api.Failures));
        Assert.Equal(0, Issuer.JwksFetches);
    }

    [Fact(DisplayName = "Issuer down at start: tokens get 401 invalid_token, not a server error")]
    public async Task IssuerDownAtStart_Rejected()
    {
        var down = await FakeIssuer.StartAsync(Key);
        var address = down.Issuer;
        await down.StopAsync();
        await using var api = await ProtectedApi.StartAsync(address);
        var claims = TestTokens.Claims(address, api.Time.GetUtcNow());
        using var first = await api.GetAsync("/api/tools", TestTokens.Sign(Key, claims));
        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(JoseErrorCode.UnknownKeyId, Assert.Single(api.Failures));
    }
}

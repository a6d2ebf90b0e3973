// RFC 7523 JWT bearer grant and ID-JAG redemption over real HTTP, with a trusted person IdP (loopback JWKS).
using System.Net;
using Mandate.Testing;
using static Mandate.Server.IntegrationTests.Delegation.TrustedIssuerFixture;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class JwtBearerHttpTests(TrustedIssuerFixture fixture) : IClassFixture<TrustedIssuerFixture>
{
    private const string IdJagType = "oauth-id-jag+jwt";

    private TestIssuer Corp => fixture.Corp;

    private Dictionary<string, object?> Claims(string subject = "alice", string? audience = null, TimeSpan? lifetime = null, DateTimeOffset? now = null) =>
        Corp.Claims(subject, audience ?? fixture.Server.Issuer, now ?? DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromMinutes(2));

    private Task<(HttpStatusCode Status, System.Text.Json.JsonElement Json)> RedeemAsync(string assertion, TestAgent? client = null, string? scope = null)
    {
        var form = new List<(string, string)> { ("grant_type", JwtBearer), ("assertion", assertion), ("resource", Api) };
        if (scope is not null)
        {
            form.Add(("scope", scope));
        }

        return fixture.PostAsync(client ?? fixture.Assistant, [.. form]);
    }

    private async Task AssertRefusedAsync(string assertion, string error = "invalid_grant", TestAgent? client = null)
    {
        var (status, json) = await RedeemAsync(assertion, client);
        Assert.Equal(error == "invalid_client" ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest, status);
        Assert.Equal(error, json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 7523 §2.1: a trusted IdP's assertion gives sub=urn:mandate:ext:corp:alice, client_id=agent, no act")]
    public async Task Assertion_FromTrustedIdp_YieldsPersonToken()
    {
        var (status, json) = await RedeemAsync(Corp.CreateToken(Claims()));

        Assert.Equal(HttpStatusCode.OK, status);
        var claims = Payload(json.GetProperty("access_token").GetString()!);
        Assert.Equal("urn:mandate:ext:corp:alice", claims.GetProperty("sub").GetString());
        Assert.Equal(fixture.Assistant.ClientId, claims.GetProperty("client_id").GetString());
        Assert.False(claims.TryGetProperty("act", out _));
        Assert.Equal("invoices:read", claims.GetProperty("scope").GetString());
        Assert.Equal(Api, claims.GetProperty("aud").GetString());
    }

    [Fact(DisplayName = "RFC 7523 §3 item 1 / §3.1: an untrusted issuer's assertion is invalid_grant")]
    public async Task UntrustedIssuer_InvalidGrant()
    {
        using var stranger = new TestIssuer("https://evil.example", "RS256");
        await AssertRefusedAsync(stranger.CreateToken(stranger.Claims("alice", fixture.Server.Issuer, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2))));
    }

    [Fact(DisplayName = "RFC 7523 §3 item 3: an aud that is not this server is invalid_grant")]
    public Task WrongAudience_InvalidGrant() => AssertRefusedAsync(Corp.CreateToken(Claims(audience: "https://other-as.example")));

    [Fact(DisplayName = "RFC 7523 §3 item 4: an expired assertion is invalid_grant")]
    public Task Expired_InvalidGrant() => AssertRefusedAsync(Corp.CreateToken(Claims(now: DateTimeOffset.UtcNow.AddMinutes(-10))));

    [Fact(DisplayName = "RFC 7523 §3 item 4: exp beyond the issuer's maximum assertion lifetime is invalid_grant")]
    public Task TooLongLived_InvalidGrant() => AssertRefusedAsync(Corp.CreateToken(Claims(lifetime: TimeSpan.FromHours(1))));

    [Fact(DisplayName = "RFC 7523 §3 item 7: a replayed jti is invalid_grant")]
    public async Task ReplayedJti_InvalidGrant()
    {
        var assertion = Corp.CreateToken(Claims());
        Assert.Equal(HttpStatusCode.OK, (await RedeemAsync(assertion)).Status);

        await AssertRefusedAsync(assertion);
    }

    [Fact(DisplayName = "RFC 7523 §3 item 7: an assertion without jti is invalid_grant (nothing else prevents replay)")]
    public Task MissingJti_InvalidGrant()
    {
        var claims = Claims();
        claims.Remove("jti");
        return AssertRefusedAsync(Corp.CreateToken(claims));
    }

    [Fact(DisplayName = "RFC 7523 §3 item 2: a subject outside the issuer's allowed subjects is invalid_grant")]
    public Task DisallowedSubject_InvalidGrant() => AssertRefusedAsync(Corp.CreateToken(Claims(subject: "mallory")));

    [Fact(DisplayName = "RFC 7523 §3 item 9: a signature by another key with the issuer's kid is invalid_grant")]
    public Task WrongKey_InvalidGrant()
    {
        using var impostor = new TestIssuer(Corp.Issuer, "RS256", Corp.KeyId);
        return AssertRefusedAsync(impostor.CreateToken(Claims()));
    }

    [Fact(DisplayName = "RFC 8725 §3.1: alg none is invalid_grant")]
    public Task AlgNone_InvalidGrant() => AssertRefusedAsync(TestIssuer.CreateUnsecured(Claims()));

    [Fact(DisplayName = "RFC 8725 §3.1: a header alg that differs from the key's (PS256 on an RS256 key) is invalid_grant")]
    public Task AlgMismatch_InvalidGrant() => AssertRefusedAsync(Corp.CreateToken(Claims(), alg: "PS256"));

    [Fact(DisplayName = "RFC 8725 §3.10: a key injected in the header (jwk + its kid) is never used: invalid_grant")]
    public Task HeaderJwkInjection_InvalidGrant()
    {
        using var attacker = new TestIssuer(Corp.Issuer, "RS256");
        return AssertRefusedAsync(attacker.CreateToken(Claims(), extraHeader: new Dictionary<string, object> { ["jwk"] = attacker.PublicJwk, ["jku"] = "https://evil.example/jwks" }));
    }

    [Fact(DisplayName = "RFC 6749 §5.2: an agent without the jwt-bearer grant type is unauthorized_client")]
    public async Task AgentWithoutGrantType_UnauthorizedClient()
    {
        var (status, json) = await RedeemAsync(Corp.CreateToken(Claims()), fixture.NoJwtBearer);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unauthorized_client", json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 6749 §5.2: a scope beyond the issuer's grantable scopes is invalid_scope")]
    public async Task ScopeBeyondIssuer_InvalidScope()
    {
        var (status, json) = await RedeemAsync(Corp.CreateToken(Claims()), scope: "invoices:write");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 7523 §3.1: a wrong client secret with a valid assertion is invalid_client")]
    public Task WrongClientSecret_InvalidClient() =>
        AssertRefusedAsync(Corp.CreateToken(Claims()), "invalid_client", fixture.Assistant with { ClientSecret = "wrong" });

    private Dictionary<string, object?> IdJag(string? clientId = null, string scope = "invoices:read invoices:write")
    {
        var claims = Claims();
        claims["client_id"] = clientId ?? fixture.Assistant.ClientId;
        claims["scope"] = scope;
        claims["resource"] = Api;
        return claims;
    }

    [Fact(DisplayName = "ID-JAG §4.3: typ oauth-id-jag+jwt redeemed with client auth gives sub=person, client_id=agent, scope = ID-JAG ∩ issuer ∩ agent")]
    public async Task IdJag_Redeemed()
    {
        var (status, json) = await RedeemAsync(Corp.CreateToken(IdJag(), typ: IdJagType));

        Assert.Equal(HttpStatusCode.OK, status);
        var claims = Payload(json.GetProperty("access_token").GetString()!);
        Assert.Equal("urn:mandate:ext:corp:alice", claims.GetProperty("sub").GetString());
        Assert.Equal(fixture.Assistant.ClientId, claims.GetProperty("client_id").GetString());
        Assert.Equal("invoices:read", claims.GetProperty("scope").GetString());
        Assert.False(claims.TryGetProperty("act", out _));
    }

    [Fact(DisplayName = "ID-JAG §4.3: client_id that is not the authenticated client is invalid_grant")]
    public Task IdJag_OtherClient_InvalidGrant() => AssertRefusedAsync(Corp.CreateToken(IdJag(clientId: fixture.Billing.ClientId), typ: IdJagType));

    [Fact(DisplayName = "ID-JAG §4.3 + RFC 6749 §3.3: an ID-JAG scope the issuer may not grant leaves nothing: invalid_scope")]
    public async Task IdJag_NoCommonScope_InvalidScope()
    {
        var (status, json) = await RedeemAsync(Corp.CreateToken(IdJag(scope: "invoices:write"), typ: IdJagType));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", json.GetProperty("error").GetString());
    }
}

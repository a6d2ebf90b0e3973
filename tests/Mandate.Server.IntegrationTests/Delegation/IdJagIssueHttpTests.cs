// ID-JAG issuance through RFC 8693 token exchange over real HTTP (draft-ietf-oauth-identity-assertion-authz-grant §4.3).
using System.Net;
using System.Text.Json;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using static Mandate.Server.IntegrationTests.Delegation.TrustedIssuerFixture;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class IdJagIssueHttpTests(TrustedIssuerFixture fixture) : IClassFixture<TrustedIssuerFixture>
{
    private const string IdJag = "urn:ietf:params:oauth:token-type:id-jag";
    private const string ChatAs = "https://chat.example";

    private string IdToken() => fixture.Corp.CreateToken(fixture.Corp.Claims("alice", "urn:mandate:agent:" + fixture.Assistant.ClientId, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30)));

    private Task<(HttpStatusCode Status, JsonElement Json)> RequestAsync(string subjectToken, string type, string audience = ChatAs) =>
        fixture.PostAsync(fixture.Assistant,
            ("grant_type", TokenExchange), ("requested_token_type", IdJag), ("audience", audience), ("resource", "https://api.chat.example/"),
            ("scope", "invoices:read"), ("subject_token", subjectToken), ("subject_token_type", type));

    [Fact(DisplayName = "ID-JAG §4.3: an ID token exchanged for an ID-JAG: typ oauth-id-jag+jwt, token_type N_A, signed by Mandate, iss/sub/aud/client_id/jti/exp/iat/scope/resource")]
    public async Task IdToken_ToIdJag()
    {
        var (status, json) = await RequestAsync(IdToken(), "urn:ietf:params:oauth:token-type:id_token");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(IdJag, json.GetProperty("issued_token_type").GetString());
        Assert.Equal("N_A", json.GetProperty("token_type").GetString());
        var jwt = json.GetProperty("access_token").GetString()!;

        var jwks = await fixture.Server.HttpClient.GetStringAsync("jwks");
        Assert.True(JsonWebKeySet.TryParse(jwks, out var set, out _));
        var result = JwtValidator.Validate(jwt, VerificationKeySet.FromJwks(set!), new JwtValidationParameters
        {
            ValidIssuer = fixture.Server.Issuer,
            ValidAudiences = [ChatAs],
            ValidTypes = ["oauth-id-jag+jwt"],
            RequiredClaims = ["iss", "sub", "aud", "client_id", "jti", "exp", "iat"],
        });
        Assert.True(result.IsValid, result.Error.ToString());
        var claims = result.Claims!;
        Assert.Equal("urn:mandate:ext:corp:alice", claims.Subject);
        Assert.Equal(fixture.Assistant.ClientId, claims.ClientId);
        Assert.Equal("invoices:read", claims.Scope);
        Assert.True(claims.TryGetClaim("resource", out var resource));
        Assert.Equal("https://api.chat.example/", resource.GetString());
        Assert.False(claims.TryGetClaim("act", out _));
        Assert.True(claims.ExpiresAt!.Value - claims.IssuedAt!.Value <= TimeSpan.FromMinutes(5));
    }

    [Fact(DisplayName = "ID-JAG: a Mandate token about a person held by the agent (from the jwt-bearer grant) may become an ID-JAG")]
    public async Task MandatePersonToken_ToIdJag()
    {
        var assertion = fixture.Corp.CreateToken(fixture.Corp.Claims("bob", fixture.Server.Issuer, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2)));
        var (_, person) = await fixture.PostAsync(fixture.Assistant, ("grant_type", JwtBearer), ("assertion", assertion), ("resource", Api));

        var (status, json) = await RequestAsync(person.GetProperty("access_token").GetString()!, "urn:ietf:params:oauth:token-type:access_token");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("urn:mandate:ext:corp:bob", Payload(json.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());
    }

    [Fact(DisplayName = "ID-JAG: an audience the operator did not list is invalid_target (closed by default)")]
    public async Task UnlistedAudience_InvalidTarget()
    {
        var (status, json) = await RequestAsync(IdToken(), "urn:ietf:params:oauth:token-type:id_token", "https://elsewhere.example");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_target", json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "ID-JAG: an agent's own token (no person) gets no ID-JAG: invalid_request")]
    public async Task AgentSubject_InvalidRequest()
    {
        var (_, own) = await fixture.PostAsync(fixture.Assistant, ("grant_type", "client_credentials"), ("resource", Api), ("scope", "invoices:read"));

        var (status, json) = await RequestAsync(own.GetProperty("access_token").GetString()!, "urn:ietf:params:oauth:token-type:access_token");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 8414: metadata lists the jwt-bearer grant and the id-jag token type")]
    public async Task Metadata_ListsGrantAndTokenType()
    {
        using var metadata = JsonDocument.Parse(await fixture.Server.HttpClient.GetStringAsync(".well-known/oauth-authorization-server"));

        Assert.Contains(metadata.RootElement.GetProperty("grant_types_supported").EnumerateArray(), e => e.GetString() == JwtBearer);
        Assert.Contains(metadata.RootElement.GetProperty("identity_chaining_requested_token_types_supported").EnumerateArray(), e => e.GetString() == IdJag);
    }
}

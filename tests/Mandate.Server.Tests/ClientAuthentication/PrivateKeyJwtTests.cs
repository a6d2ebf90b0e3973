// RFC 7523 §2.2 / §3 private_key_jwt: each rule of §3 gets a test, plus the key-fixes-alg rule of
// RFC 8725 §3.1 (alg none and algorithm mismatches fail).
using System.Text;
using Mandate.Jose;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Mandate.Testing;

namespace Mandate.Server.Tests.ClientAuthentication;

public sealed class PrivateKeyJwtTests : IAsyncLifetime
{
    private readonly SigningKey _key = SigningKey.Generate(SignatureAlgorithm.ES256);
    private ServerHarness _server = null!;
    private Agent _agent = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerHarness.CreateAsync();
        (_agent, var secret) = await _server.CreateAgentAsync(ServerHarness.DefaultRegistration() with { Jwks = ClientAssertions.Jwks(_key) });
        Assert.Null(secret);
    }

    public async Task DisposeAsync()
    {
        _key.Dispose();
        await _server.DisposeAsync();
    }

    private DateTimeOffset Now => _server.Time.GetUtcNow();

    private Task<HttpResult> PostAsync(string assertion, string type = ClientAssertions.Type) =>
        _server.PostTokenAsync(ServerHarness.Form(("grant_type", "client_credentials"), ("client_assertion_type", type), ("client_assertion", assertion)));

    [Theory(DisplayName = "RFC 7523 §3: aud may be the issuer or the token endpoint URL")]
    [InlineData(ServerHarness.Issuer)]
    [InlineData(ServerHarness.Issuer + "/token")]
    public async Task ValidAssertion_Succeeds(string audience)
    {
        var result = await PostAsync(ClientAssertions.Create(_key, _agent.ClientId, audience, Now, TimeSpan.FromMinutes(1)));
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(_agent.ClientId, JwtParts.Payload(result.AccessToken).GetProperty("sub").GetString());
    }

    [Fact(DisplayName = "RFC 7523 §3 item 3: an assertion for another audience is invalid_client")]
    public async Task WrongAudience_IsInvalidClient()
    {
        var result = await PostAsync(ClientAssertions.Create(_key, _agent.ClientId, "https://other.example.com", Now, TimeSpan.FromMinutes(1)));
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "RFC 7523 §3 item 4: an expired assertion is invalid_client")]
    public async Task Expired_IsInvalidClient()
    {
        var assertion = ClientAssertions.Create(_key, _agent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromMinutes(1));
        _server.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(31));
        Assert.Equal("invalid_client", (await PostAsync(assertion)).Error);
    }

    [Fact(DisplayName = "RFC 7523 §3 item 4: an assertion without exp is invalid_client")]
    public async Task MissingExp_IsInvalidClient()
    {
        var result = await PostAsync(ClientAssertions.Create(_key, _agent.ClientId, ServerHarness.Issuer, Now, null));
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "RFC 7523 §3 item 4: exp further ahead than ClientAssertionMaxLifetime is invalid_client")]
    public async Task ExpTooFar_IsInvalidClient()
    {
        // Default maximum 1 hour, plus the 30-second clock skew.
        var result = await PostAsync(ClientAssertions.Create(_key, _agent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1)));
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "RFC 7523 §3 item 7: a one-hour assertion is accepted once, and its jti stays used until exp")]
    public async Task OneHourAssertion_Accepted_ReplayRefusedUntilExp()
    {
        var assertion = ClientAssertions.Create(_key, _agent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromHours(1));
        Assert.Equal(200, (await PostAsync(assertion)).StatusCode);

        _server.Time.Advance(TimeSpan.FromMinutes(59));

        Assert.Equal("invalid_client", (await PostAsync(assertion)).Error);
    }

    [Fact(DisplayName = "RFC 7523 §3 item 7: a replayed jti is invalid_client")]
    public async Task ReplayedJti_IsInvalidClient()
    {
        var first = ClientAssertions.Create(_key, _agent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromMinutes(1), jti: "once");
        Assert.Equal(200, (await PostAsync(first)).StatusCode);
        var again = ClientAssertions.Create(_key, _agent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromMinutes(2), jti: "once");
        Assert.Equal("invalid_client", (await PostAsync(again)).Error);
    }

    [Fact(DisplayName = "RFC 7523 §3 item 9: a signature by an unregistered key is invalid_client")]
    public async Task WrongKey_IsInvalidClient()
    {
        using var other = SigningKey.Generate(SignatureAlgorithm.ES256);
        var result = await PostAsync(ClientAssertions.Create(other, _agent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromMinutes(1)));
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "RFC 7523 §3 item 9: a key with the registered kid but another secret key is invalid_client")]
    public async Task SameKidOtherKey_IsInvalidClient()
    {
        using var generated = SigningKey.Generate(SignatureAlgorithm.ES256);
        using var impostor = SigningKey.FromJwk(Mandate.Jose.Jwk.JsonWebKey.TryParse(generated.ExportPrivateJwk().ToJson(), out var jwk, out _) ? WithKid(jwk!, _key.KeyId) : throw new InvalidOperationException());
        Assert.Equal(_key.KeyId, impostor.KeyId);
        var result = await PostAsync(ClientAssertions.Create(impostor, _agent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromMinutes(1)));
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "RFC 8725 §3.1: a header alg other than the registered key's is invalid_client")]
    public async Task AlgorithmMismatch_IsInvalidClient()
    {
        var assertion = ClientAssertions.Create(_key, _agent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromMinutes(1));
        var parts = assertion.Split('.');
        var header = Base64Url.Encode(Encoding.UTF8.GetBytes($"{{\"alg\":\"ES384\",\"kid\":\"{_key.KeyId}\"}}"));
        Assert.Equal("invalid_client", (await PostAsync(header + "." + parts[1] + "." + parts[2])).Error);
    }

    [Fact(DisplayName = "RFC 7518 §3.6: alg none is invalid_client")]
    public async Task AlgNone_IsInvalidClient()
    {
        var assertion = ClientAssertions.Create(_key, _agent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromMinutes(1));
        var header = Base64Url.Encode("{\"alg\":\"none\"}"u8);
        Assert.Equal("invalid_client", (await PostAsync(header + "." + assertion.Split('.')[1] + ".")).Error);
    }

    [Fact(DisplayName = "RFC 7523 §3 items 1-2: sub different from iss is invalid_client")]
    public async Task SubjectDiffersFromIssuer_IsInvalidClient()
    {
        var result = await PostAsync(ClientAssertions.Create(_key, "agt_someoneelse", ServerHarness.Issuer, Now, TimeSpan.FromMinutes(1), subject: _agent.ClientId));
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "RFC 7521 §4.2: an unsupported client_assertion_type is invalid_request")]
    public async Task WrongAssertionType_IsInvalidRequest()
    {
        var assertion = ClientAssertions.Create(_key, _agent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromMinutes(1));
        Assert.Equal("invalid_request", (await PostAsync(assertion, "urn:example:other")).Error);
    }

    [Fact(DisplayName = "RFC 7523 §3: garbage in client_assertion is invalid_client")]
    public async Task Garbage_IsInvalidClient()
    {
        Assert.Equal("invalid_client", (await PostAsync("not-a-jwt")).Error);
    }

    [Fact(DisplayName = "A secret-only agent cannot use private_key_jwt, and a key-only agent cannot use a secret")]
    public async Task MethodsAreNotInterchangeable()
    {
        var (secretAgent, secret) = await _server.CreateAgentAsync();
        var assertion = ClientAssertions.Create(_key, secretAgent.ClientId, ServerHarness.Issuer, Now, TimeSpan.FromMinutes(1));
        Assert.Equal("invalid_client", (await PostAsync(assertion)).Error);

        var basic = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, secret!));
        Assert.Equal("invalid_client", basic.Error);
    }

    private static Mandate.Jose.Jwk.JsonWebKey WithKid(Mandate.Jose.Jwk.JsonWebKey jwk, string kid) => jwk.WithKeyId(kid);
}

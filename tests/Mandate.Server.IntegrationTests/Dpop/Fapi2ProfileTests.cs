// The FAPI 2.0 Security Profile switch (Mandate:Fapi2:Enabled, docs/fapi2.md) over real HTTP: Kestrel on loopback,
// SQLite, client assertions signed by Mandate.Jose and by Microsoft.IdentityModel, token requests by Duende.IdentityModel.
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.Server.Fapi2;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mandate.Server.IntegrationTests.Dpop;

public sealed class Fapi2ProfileTests : IDisposable
{
    private const string Api = "https://api.example.test";
    private readonly SigningKey _clientKey = SigningKey.Generate(SignatureAlgorithm.ES256);
    private readonly SigningKey _proofKey = SigningKey.Generate(SignatureAlgorithm.ES256);

    public void Dispose()
    {
        _clientKey.Dispose();
        _proofKey.Dispose();
    }

    private static Task<MandateTestServer> StartAsync() => MandateTestServer.StartAsync(new MandateTestServerOptions
    {
        UseSqlite = true,
        ConfigureServices = services => services.Configure<Fapi2Options>(o => o.Enabled = true),
    });

    private static Task<TestAgent> KeyAgentAsync(MandateTestServer server, SigningKey key) => server.CreateAgentAsync(new
    {
        name = "fapi-bot",
        scopes = new[] { "tools:read" },
        default_scopes = new[] { "tools:read" },
        audiences = new[] { Api },
        dpop = "allowed",
        jwks = JsonDocument.Parse("{\"keys\":[" + key.PublicJwk.ToJson() + "]}").RootElement,
    });

    private static string Assertion(MandateTestServer server, TestAgent agent, SigningKey key, object? audience = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = agent.ClientId,
            ["sub"] = agent.ClientId,
            ["aud"] = audience ?? server.Issuer,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = now,
            ["exp"] = now + 60,
        });
        return JwsWriter.CreateCompact(key, null, payload);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(MandateTestServer server, string path, IEnumerable<KeyValuePair<string, string>> form, string? proof = null, TestAgent? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (proof is not null)
        {
            request.Headers.TryAddWithoutValidation("DPoP", proof);
        }

        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic.ClientId + ":" + basic.ClientSecret)));
        }

        using var response = await server.HttpClient.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static KeyValuePair<string, string>[] AssertionForm(string assertion) =>
    [
        new("grant_type", "client_credentials"),
        new("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
        new("client_assertion", assertion),
    ];

    private string Proof(MandateTestServer server, SigningKey? key = null) =>
        new DpopProofWriter(key ?? _proofKey).Create("POST", new Uri(server.Issuer + "/token"), TimeProvider.System.GetUtcNow());

    [Fact(DisplayName = "FAPI 2.0 §5.3.2.1 item 6: a client_secret agent is refused at /token and /introspect with invalid_client MND3552")]
    public async Task ClientSecret_Refused()
    {
        await using var server = await StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "secret-bot", scopes = new[] { "tools:read" }, audiences = new[] { Api } });

        var (status, body) = await PostAsync(server, "token", [new("grant_type", "client_credentials")], Proof(server), basic: agent);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.StartsWith("MND3552:", body.GetProperty("error_description").GetString());

        (status, body) = await PostAsync(server, "introspect", [new("token", "x")], basic: agent);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.StartsWith("MND3552:", body.GetProperty("error_description").GetString());
    }

    [Fact(DisplayName = "FAPI 2.0 §5.3.2.1 items 4-5: private_key_jwt without a DPoP proof is refused, even for a dpop=allowed agent; with an ES256 proof the token is DPoP-bound")]
    public async Task SenderConstrainedOnly()
    {
        await using var server = await StartAsync();
        var agent = await KeyAgentAsync(server, _clientKey);

        var (status, body) = await PostAsync(server, "token", AssertionForm(Assertion(server, agent, _clientKey)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_dpop_proof", body.GetProperty("error").GetString());
        Assert.StartsWith("MND2663:", body.GetProperty("error_description").GetString());

        (status, body) = await PostAsync(server, "token", AssertionForm(Assertion(server, agent, _clientKey)), Proof(server));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DPoP", body.GetProperty("token_type").GetString());
        var claims = DpopTokenClient.Payload(body.GetProperty("access_token").GetString()!);
        Assert.Equal(_proofKey.PublicJwk.ComputeThumbprint(), claims.GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Theory(DisplayName = "FAPI 2.0 §5.3.2.1 item 8: a client assertion whose aud is not the issuer identifier as a string is invalid_client")]
    [InlineData("token-endpoint")]
    [InlineData("issuer-in-array")]
    public async Task AssertionAudience_IssuerStringOnly(string shape)
    {
        await using var server = await StartAsync();
        var agent = await KeyAgentAsync(server, _clientKey);
        object audience = shape == "token-endpoint" ? server.Issuer + "/token" : new[] { server.Issuer };
        var (status, body) = await PostAsync(server, "token", AssertionForm(Assertion(server, agent, _clientKey, audience)), Proof(server));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "FAPI 2.0 §5.4.1: a client assertion or a DPoP proof signed with ES384 is refused")]
    public async Task Es384_Refused()
    {
        await using var server = await StartAsync();
        using var es384 = SigningKey.Generate(SignatureAlgorithm.ES384);
        var agent384 = await KeyAgentAsync(server, es384);
        var (status, body) = await PostAsync(server, "token", AssertionForm(Assertion(server, agent384, es384)), Proof(server));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());

        var agent = await KeyAgentAsync(server, _clientKey);
        (status, body) = await PostAsync(server, "token", AssertionForm(Assertion(server, agent, _clientKey)), Proof(server, es384));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_dpop_proof", body.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "FAPI 2.0 §5.3.2.1 item 1: discovery lists private_key_jwt only and PS256/ES256 only")]
    public async Task Discovery_ReflectsProfile()
    {
        await using var server = await StartAsync();
        var metadata = JsonDocument.Parse(await server.HttpClient.GetStringAsync(".well-known/oauth-authorization-server")).RootElement;
        string[] Values(string name) => [.. metadata.GetProperty(name).EnumerateArray().Select(v => v.GetString()!)];
        Assert.Equal(["private_key_jwt"], Values("token_endpoint_auth_methods_supported"));
        Assert.Equal(["private_key_jwt"], Values("introspection_endpoint_auth_methods_supported"));
        Assert.Equal(["private_key_jwt"], Values("revocation_endpoint_auth_methods_supported"));
        Assert.Equal(["ES256", "PS256"], Values("token_endpoint_auth_signing_alg_values_supported"));
        Assert.Equal(["ES256", "PS256"], Values("dpop_signing_alg_values_supported"));
    }

    [Fact(DisplayName = "FAPI 2.0 profile: the bootstrap admin (audience: the admin API only) still uses its secret and the admin API")]
    public async Task AdminOnlyAgent_Exempt()
    {
        await using var server = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/agents");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        using var response = await server.HttpClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(DisplayName = "FAPI 2.0 §5.4.1: POST /admin/keys refuses an ES384 signing key (MND3553) and accepts an ES256 one")]
    public async Task KeyImport_Es384_Refused()
    {
        await using var server = await StartAsync();
        using var es384 = SigningKey.Generate(SignatureAlgorithm.ES384);
        using var es256 = SigningKey.Generate(SignatureAlgorithm.ES256);
        async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(SigningKey key)
        {
            var json = "{\"jwk\":" + key.ExportPrivateJwk().ToJson() + ",\"activate\":false}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "admin/keys") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
            using var response = await server.HttpClient.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var (status, body) = await ImportAsync(es384);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("MND3553:", body.GetProperty("error_description").GetString());
        Assert.Equal(HttpStatusCode.Created, (await ImportAsync(es256)).Status);
    }

    [Fact(DisplayName = "FAPI 2.0 §5.2: with AllowInsecureHttpIssuer the profile refuses to start (MND1450)")]
    public async Task InsecureIssuer_RefusesToStart()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServices = services =>
            {
                services.Configure<Fapi2Options>(o => o.Enabled = true);
                services.PostConfigure<MandateServerOptions>(o => o.AllowInsecureHttpIssuer = true);
            },
        }));
        Assert.Contains("MND1450", failure.Message);
    }

    [Fact(DisplayName = "FAPI 2.0 interop: Duende.IdentityModel sends a Microsoft.IdentityModel ES256 assertion (aud = issuer) with a DPoP proof and gets a DPoP token")]
    public async Task Interop_DuendeAndMicrosoftIdentityModel()
    {
        await using var server = await StartAsync();
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ecdsa.ExportParameters(false);
        var jwks = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "EC", crv = "P-256", kid = "ms-1", use = "sig", alg = "ES256", x = Base64UrlEncoder.Encode(p.Q.X), y = Base64UrlEncoder.Encode(p.Q.Y) } },
        })).RootElement;
        var agent = await server.CreateAgentAsync(new { name = "ms-fapi", scopes = new[] { "tools:read" }, default_scopes = new[] { "tools:read" }, audiences = new[] { Api }, jwks });
        var now = DateTime.UtcNow;
        var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = agent.ClientId,
            Audience = server.Issuer,
            Subject = new ClaimsIdentity([new Claim("sub", agent.ClientId), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(60),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = "ms-1" }, SecurityAlgorithms.EcdsaSha256),
        });

        using var request = new ClientCredentialsTokenRequest
        {
            Address = server.Issuer + "/token",
            ClientId = agent.ClientId,
            ClientAssertion = new ClientAssertion { Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", Value = assertion },
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            DPoPProofToken = Proof(server),
        };
        var response = await server.HttpClient.RequestClientCredentialsTokenAsync(request);
        Assert.False(response.IsError, response.Error + " " + response.ErrorDescription);
        Assert.Equal("DPoP", response.TokenType);
    }
}

// Interop: private_key_jwt assertions built by Microsoft.IdentityModel.JsonWebTokens (the library under MSAL) with
// the lifetimes standard clients use (10 minutes as MSAL, 1 hour as a widely used Python client), sent by
// Duende.IdentityModel. RFC 7523 §3 item 4 (exp bounded by ClientAssertionMaxLifetime, default 1 hour) and item 7
// (jti single-use for the assertion's whole lifetime).
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Mandate.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mandate.Server.IntegrationTests;

public sealed class ClientAssertionLifetimeInteropTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private MandateTestServer _server = null!;
    private TestAgent _agent = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        var p = _key.ExportParameters(false);
        var jwks = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "EC", crv = "P-256", kid = "msal-1", use = "sig", alg = "ES256", x = Base64UrlEncoder.Encode(p.Q.X), y = Base64UrlEncoder.Encode(p.Q.Y) } },
        })).RootElement;
        _agent = await _server.CreateAgentAsync(new { name = "msal-style", scopes = new[] { "read" }, default_scopes = new[] { "read" }, audiences = new[] { Api }, jwks });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
    }

    [Theory(DisplayName = "RFC 7523 §3 item 4: assertions of 10 minutes and 1 hour from Microsoft.IdentityModel are accepted; the jti is single-use")]
    [InlineData(10)]
    [InlineData(60)]
    public async Task StandardLifetimes_Accepted_Once(int minutes)
    {
        var assertion = Create(TimeSpan.FromMinutes(minutes));

        var first = await RequestAsync(assertion);
        Assert.False(first.IsError, first.Error + " " + first.ErrorDescription);

        AssertInvalidClient(await RequestAsync(assertion));
    }

    [Fact(DisplayName = "RFC 7523 §3 item 4: an assertion beyond the one-hour maximum is invalid_client")]
    public async Task BeyondTheMaximum_Refused()
    {
        AssertInvalidClient(await RequestAsync(Create(TimeSpan.FromMinutes(65))));
    }

    // Duende reports a 401 as an HTTP error; the body is the RFC 6749 §5.2 error object.
    private static void AssertInvalidClient(TokenResponse response)
    {
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.HttpStatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(response.Raw!).RootElement.GetProperty("error").GetString());
    }

    private string Create(TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _agent.ClientId,
            Audience = _server.Issuer + "/token",
            Subject = new ClaimsIdentity([new Claim("sub", _agent.ClientId), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key) { KeyId = "msal-1" }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private async Task<TokenResponse> RequestAsync(string assertion)
    {
        using var http = new HttpClient();
        return await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = _server.Issuer + "/token",
            ClientId = _agent.ClientId,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            ClientAssertion = new ClientAssertion { Type = ClientAssertions.Type, Value = assertion },
            Resource = { Api },
        });
    }
}

// The real Mandate.Agent client against the real server (STYLE §8): client_secret_basic and
// private_key_jwt (RFC 7523) end to end, with discovery through the issuer metadata.
using Mandate.Agent;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests;

public sealed class AgentClientTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";
    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "Mandate.Agent gets a token with client_secret_basic")]
    public async Task Agent_ClientSecret()
    {
        var agent = await _server.CreateAgentAsync(new { name = "sdk", scopes = new[] { "read" }, default_scopes = new[] { "read" }, audiences = new[] { Api } });
        using var http = new HttpClient();
        using var client = new MandateTokenClient(http, new MandateTokenClientOptions { Issuer = new Uri(_server.Issuer), ClientId = agent.ClientId, ClientSecret = agent.ClientSecret });
        var token = await client.GetTokenAsync(new TokenRequestParameters("read", new Uri(Api)));
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal("read", token.Scope);
    }

    [Fact(DisplayName = "RFC 7523: Mandate.Agent gets a token with private_key_jwt")]
    public async Task Agent_PrivateKeyJwt()
    {
        using var key = SigningKey.Generate(SignatureAlgorithm.ES256);
        var jwks = System.Text.Json.JsonDocument.Parse(ClientAssertions.Jwks(key)).RootElement;
        var agent = await _server.CreateAgentAsync(new { name = "keyed", scopes = new[] { "read" }, default_scopes = new[] { "read" }, audiences = new[] { Api }, jwks });
        Assert.Null(agent.ClientSecret);

        using var http = new HttpClient();
        using var client = new MandateTokenClient(http, new MandateTokenClientOptions { Issuer = new Uri(_server.Issuer), ClientId = agent.ClientId, PrivateKeyJwk = key.ExportPrivateJwk().ToJson() });
        var first = await client.GetTokenAsync();
        Assert.Equal("read", first.Scope);

        // A second fresh token needs a fresh assertion jti; the replay cache must not block it.
        Assert.True(client.InvalidateToken(null, first));
        var second = await client.GetTokenAsync();
        Assert.NotEqual(first.Value, second.Value);
    }
}

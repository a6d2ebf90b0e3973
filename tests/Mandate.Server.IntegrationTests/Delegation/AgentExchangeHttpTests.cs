// The real Mandate.Agent ExchangeAsync against the real server over HTTP (STYLE §8): RFC 8693 delegation with
// client_secret_basic and private_key_jwt, the actor_token from the SDK, and refusals surfacing their RFC codes.
using System.Text.Json;
using Mandate.Agent;
using Mandate.Jose;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class AgentExchangeHttpTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    private readonly HttpClient _http = new();
    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private MandateTokenClient Client(string clientId, string? secret = null, string? privateJwk = null) =>
        new(_http, new MandateTokenClientOptions { Issuer = new Uri(_server.Issuer), ClientId = clientId, ClientSecret = secret, PrivateKeyJwk = privateJwk });

    private static JsonElement Payload(string jwt)
    {
        Assert.True(Base64Url.TryDecode(jwt.Split('.')[1], out var bytes));
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    [Fact(DisplayName = "RFC 8693 §2.1/§4.1 with Mandate.Agent: sub-agent (private_key_jwt) exchanges the orchestrator's token with its own token as actor_token; act names it, scope narrows, result cached")]
    public async Task ExchangeAsync_SubAgentWithPrivateKeyJwt_DelegatesAndCaches()
    {
        using var key = SigningKey.Generate(SignatureAlgorithm.ES256);
        var jwks = JsonDocument.Parse(ClientAssertions.Jwks(key)).RootElement;
        var sub = await _server.CreateAgentAsync(new { name = "sub", scopes = new[] { "read", "write" }, audiences = new[] { Api }, grant_types = new[] { "client_credentials", TokenExchange }, jwks });
        var orchestrator = await _server.CreateAgentAsync(new { name = "orch", scopes = new[] { "read", "write" }, audiences = new[] { "urn:mandate:agent:" + sub.ClientId }, grant_types = new[] { "client_credentials", TokenExchange } });
        using var orchestratorClient = Client(orchestrator.ClientId, orchestrator.ClientSecret);
        using var subClient = Client(sub.ClientId, privateJwk: key.ExportPrivateJwk().ToJson());

        var delegated = await orchestratorClient.GetTokenAsync(new TokenRequestParameters("read write", new Uri("urn:mandate:agent:" + sub.ClientId)));
        var request = new TokenExchangeRequest { Resource = new Uri(Api), Scope = "write", UseOwnTokenAsActor = true, OwnTokenParameters = new("read", new Uri(Api)) };
        var exchanged = await subClient.ExchangeAsync(delegated.Value, request);

        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", exchanged.IssuedTokenType);
        Assert.Equal("write", exchanged.Scope);
        var claims = Payload(exchanged.Value);
        Assert.Equal(orchestrator.ClientId, claims.GetProperty("sub").GetString());
        Assert.Equal(sub.ClientId, claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(Api, claims.GetProperty("aud").GetString());
        Assert.True(exchanged.ExpiresAt <= delegated.ExpiresAt);
        Assert.Same(exchanged, await subClient.ExchangeAsync(delegated.Value, request));
    }

    [Fact(DisplayName = "RFC 8693 §2.2.2 with Mandate.Agent: a spliced subject token is invalid_request, a widening invalid_scope; no token in the exception")]
    public async Task ExchangeAsync_Refusals_SurfaceRfcCodes()
    {
        var worker = await _server.CreateAgentAsync(new { name = "worker", scopes = new[] { "read" }, audiences = new[] { Api }, grant_types = new[] { "client_credentials", TokenExchange } });
        var sub = await _server.CreateAgentAsync(new { name = "sub", scopes = new[] { "read", "write" }, audiences = new[] { Api }, grant_types = new[] { "client_credentials", TokenExchange } });
        var orchestrator = await _server.CreateAgentAsync(new { name = "orch", scopes = new[] { "read", "write" }, audiences = new[] { "urn:mandate:agent:" + sub.ClientId }, grant_types = new[] { "client_credentials", TokenExchange } });
        using var orchestratorClient = Client(orchestrator.ClientId, orchestrator.ClientSecret);
        var delegated = (await orchestratorClient.GetTokenAsync(new TokenRequestParameters("read", new Uri("urn:mandate:agent:" + sub.ClientId)))).Value;

        using var workerClient = Client(worker.ClientId, worker.ClientSecret);
        var splice = await Assert.ThrowsAsync<MandateTokenException>(() => workerClient.ExchangeAsync(delegated, new TokenExchangeRequest { Resource = new Uri(Api) }));
        Assert.Equal("invalid_request", splice.Error);
        Assert.False(splice.IsTransient);
        Assert.DoesNotContain(delegated, splice.ToString(), StringComparison.Ordinal);

        using var subClient = Client(sub.ClientId, sub.ClientSecret);
        var widening = await Assert.ThrowsAsync<MandateTokenException>(() => subClient.ExchangeAsync(delegated, new TokenExchangeRequest { Resource = new Uri(Api), Scope = "write" }));
        Assert.Equal("invalid_scope", widening.Error);
    }
}

// Trusted issuers over real HTTP (Kestrel on 127.0.0.1, SQLite): the admin API, and RFC 8693 token exchange with a
// trusted OpenID provider's ID token as subject_token - the person becomes sub (namespaced), the agent becomes act.
// The IdP's JWKS is served from a loopback endpoint.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mandate.Jose;
using Mandate.Server.TrustedIssuers;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class ExternalSubjectExchangeHttpTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string IdTokenType = "urn:ietf:params:oauth:token-type:id_token";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private readonly TestIssuer _idp = new("https://idp.corp.example", "RS256");
    private MandateTestServer _server = null!;
    private TestJwksHost _jwks = null!;
    private TestAgent _assistant = null!;
    private TestAgent _worker = null!;

    public async Task InitializeAsync()
    {
        _jwks = await TestJwksHost.StartAsync(_idp.Jwks);
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            ConfigureServices = static services => services.Configure<TrustedIssuerOptions>(o => o.AllowHttpJwksOnLoopback = true),
        });
        _worker = await _server.CreateAgentAsync(new { name = "worker", scopes = new[] { "invoices:read" }, audiences = new[] { Api }, grant_types = new[] { "client_credentials", TokenExchange } });
        _assistant = await _server.CreateAgentAsync(new
        {
            name = "assistant",
            scopes = new[] { "invoices:read", "invoices:write" },
            audiences = new[] { Api, "urn:mandate:agent:" + _worker.ClientId },
            grant_types = new[] { "client_credentials", TokenExchange },
        });
        await _server.AddTrustedIssuerAsync(new { name = "corp", issuer = _idp.Issuer, jwks_uri = _jwks.JwksUri, scopes = new[] { "invoices:read" } });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _jwks.DisposeAsync();
        _idp.Dispose();
    }

    private string IdToken(string audience, string subject = "alice", TimeSpan? lifetime = null) =>
        _idp.CreateToken(_idp.Claims(subject, audience, DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromMinutes(30)));

    private async Task<(HttpStatusCode Status, JsonElement Json)> ExchangeAsync(TestAgent client, string subjectToken, string type = IdTokenType, string resource = Api, string? scope = null)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", TokenExchange), new("subject_token", subjectToken), new("subject_token_type", type), new("resource", resource),
        };
        if (scope is not null)
        {
            form.Add(new("scope", scope));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(client.ClientId + ":" + client.ClientSecret)));
        using var response = await _server.HttpClient.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static JsonElement Payload(string jwt)
    {
        Assert.True(Base64Url.TryDecode(jwt.Split('.')[1], out var bytes));
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    [Fact(DisplayName = "RFC 8693 §4.1: a trusted IdP's ID token bound to the agent gives sub=urn:mandate:ext:corp:alice, act=agent, scope ≤ issuer's grantable")]
    public async Task ExternalIdToken_BecomesSubject_AgentBecomesActor()
    {
        var (status, json) = await ExchangeAsync(_assistant, IdToken("urn:mandate:agent:" + _assistant.ClientId));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(AccessTokenType, json.GetProperty("issued_token_type").GetString());
        var claims = Payload(json.GetProperty("access_token").GetString()!);
        Assert.Equal("urn:mandate:ext:corp:alice", claims.GetProperty("sub").GetString());
        Assert.Equal(_assistant.ClientId, claims.GetProperty("client_id").GetString());
        Assert.Equal(_assistant.ClientId, claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal("invoices:read", claims.GetProperty("scope").GetString());
        Assert.Equal(Api, claims.GetProperty("aud").GetString());
        Assert.True(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64() <= 300);
    }

    [Fact(DisplayName = "RFC 8693 §4.1: the person's token delegated onward keeps sub=person and nests act (worker{act=assistant})")]
    public async Task ExternalSubject_DelegatedOnward_NestsActors()
    {
        var (_, first) = await ExchangeAsync(_assistant, IdToken(_server.Issuer), resource: "urn:mandate:agent:" + _worker.ClientId);

        var (status, second) = await ExchangeAsync(_worker, first.GetProperty("access_token").GetString()!, AccessTokenType);

        Assert.Equal(HttpStatusCode.OK, status);
        var claims = Payload(second.GetProperty("access_token").GetString()!);
        Assert.Equal("urn:mandate:ext:corp:alice", claims.GetProperty("sub").GetString());
        Assert.Equal(_worker.ClientId, claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(_assistant.ClientId, claims.GetProperty("act").GetProperty("act").GetProperty("sub").GetString());
    }

    [Fact(DisplayName = "Chain binding: an external token whose aud names another agent is refused (RFC 8693 §2.2.2 invalid_request)")]
    public async Task ExternalToken_ForAnotherAgent_IsRefused()
    {
        var (status, json) = await ExchangeAsync(_assistant, IdToken("urn:mandate:agent:" + _worker.ClientId));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 6749 §5.2: asking for a scope the trusted issuer may not grant is invalid_scope, never a silent widening")]
    public async Task ExternalToken_ScopeBeyondIssuer_IsInvalidScope()
    {
        var (status, json) = await ExchangeAsync(_assistant, IdToken(_server.Issuer), scope: "invoices:write");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 8693 §2.2.2: an untrusted issuer's or an expired token is invalid_request")]
    public async Task UntrustedOrExpired_IsInvalidRequest()
    {
        using var stranger = new TestIssuer("https://evil.example", "RS256");
        var untrusted = stranger.CreateToken(stranger.Claims("alice", _server.Issuer, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        var expired = _idp.CreateToken(_idp.Claims("alice", _server.Issuer, DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromMinutes(5)));

        foreach (var token in new[] { untrusted, expired })
        {
            var (status, json) = await ExchangeAsync(_assistant, token);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("invalid_request", json.GetProperty("error").GetString());
        }
    }

    [Fact(DisplayName = "Remote JWKS: an unknown kid after key rotation triggers one refetch; a second unknown kid within the cooldown does not")]
    public async Task RemoteJwks_RefreshOnUnknownKid_RateLimited()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var jwks = await TestJwksHost.StartAsync(_idp.Jwks);
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.Configure<TrustedIssuerOptions>(o => o.AllowHttpJwksOnLoopback = true);
            },
        });
        var agent = await server.CreateAgentAsync(new { name = "assistant", scopes = new[] { "invoices:read" }, audiences = new[] { Api }, grant_types = new[] { TokenExchange } });
        await server.AddTrustedIssuerAsync(new { name = "corp", issuer = _idp.Issuer, jwks_uri = jwks.JwksUri, scopes = new[] { "invoices:read" } });
        async Task<HttpStatusCode> ExchangeWithAsync(TestIssuer issuer)
        {
            var token = issuer.CreateToken(issuer.Claims("alice", server.Issuer, time.GetUtcNow(), TimeSpan.FromMinutes(5)));
            using var request = new HttpRequestMessage(HttpMethod.Post, "token")
            {
                Content = new FormUrlEncodedContent([new("grant_type", TokenExchange), new("subject_token", token), new("subject_token_type", IdTokenType), new("resource", Api)]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(agent.ClientId + ":" + agent.ClientSecret)));
            using var response = await server.HttpClient.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await ExchangeWithAsync(_idp));
        Assert.Equal(1, jwks.Fetches);

        time.Advance(TimeSpan.FromSeconds(31));
        using var rotated = new TestIssuer(_idp.Issuer, "RS256");
        jwks.Jwks = rotated.Jwks;
        Assert.Equal(HttpStatusCode.OK, await ExchangeWithAsync(rotated));
        Assert.Equal(2, jwks.Fetches);

        using var forged = new TestIssuer(_idp.Issuer, "RS256");
        Assert.Equal(HttpStatusCode.BadRequest, await ExchangeWithAsync(forged));
        Assert.Equal(2, jwks.Fetches);
    }

    [Fact(DisplayName = "Admin API: list, get, 409 on a taken name, 400 on bad input, 401 without a token; remove stops trust at once")]
    public async Task AdminApi_Lifecycle()
    {
        var admin = await _server.GetAdminTokenAsync();
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool authorize = true)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            if (authorize)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            }

            return await _server.HttpClient.SendAsync(request);
        }

        using (var list = await SendAsync(HttpMethod.Get, "admin/trusted-issuers"))
        {
            var items = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal("corp", items[0].GetProperty("name").GetString());
            Assert.Equal(_server.Issuer, items[0].GetProperty("audiences")[0].GetString());
        }

        using (var unauthorized = await SendAsync(HttpMethod.Get, "admin/trusted-issuers", authorize: false))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using (var duplicate = await SendAsync(HttpMethod.Post, "admin/trusted-issuers", new { name = "corp", issuer = "https://x.example", jwks_uri = "https://x.example/jwks" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        }

        foreach (var bad in new object[]
        {
            new { name = "Bad Name", issuer = "https://x.example", jwks_uri = "https://x.example/jwks" },
            new { name = "both", issuer = "https://x.example", jwks_uri = "https://x.example/jwks", jwks = JsonDocument.Parse(_idp.Jwks).RootElement },
            new { name = "plainhttp", issuer = "https://x.example", jwks_uri = "http://x.example/jwks" },
            new { name = "nosubjects", issuer = "https://x.example", jwks_uri = "https://x.example/jwks", maps_to_agent = _worker.ClientId },
            new { name = "wildcard", issuer = "https://x.example", jwks_uri = "https://x.example/jwks", allowed_subjects = new[] { "a*b" } },
        })
        {
            using var response = await SendAsync(HttpMethod.Post, "admin/trusted-issuers", bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid_request", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }

        using (var get = await SendAsync(HttpMethod.Get, "admin/trusted-issuers/corp"))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        }

        using (var delete = await SendAsync(HttpMethod.Delete, "admin/trusted-issuers/corp"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using (var missing = await SendAsync(HttpMethod.Get, "admin/trusted-issuers/corp"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var (status, _) = await ExchangeAsync(_assistant, IdToken(_server.Issuer));
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}

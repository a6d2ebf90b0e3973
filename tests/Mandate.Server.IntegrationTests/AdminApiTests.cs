// Admin API (architecture §4) over HTTP: RFC 6750 protection (401/403 with WWW-Authenticate Bearer),
// agent lifecycle, key import, and JSON error objects for bad input.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mandate.Jose.Jwk;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests;

public sealed class AdminApiTests : IAsyncLifetime
{
    private MandateTestServer _server = null!;
    private string _adminToken = "";

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        _adminToken = await _server.GetAdminTokenAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, object? body = null, string? token = null, string? rawBody = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? _adminToken);
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await _server.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, json, response);
    }

    private static object Agent(string name = "bot") => new { name, owner = "alice@example.com", scopes = new[] { "read", "write" }, default_scopes = new[] { "read" }, audiences = new[] { "https://api.example.com" } };

    [Fact(DisplayName = "RFC 6750 §3.1: no token is 401 with WWW-Authenticate Bearer and no error attribute")]
    public async Task NoToken_Is401()
    {
        using var response = await _server.HttpClient.GetAsync("admin/agents");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.DoesNotContain("error=", challenge.Parameter);
    }

    [Fact(DisplayName = "RFC 6750 §3.1: a token for another audience is 401 invalid_token")]
    public async Task WrongAudience_Is401()
    {
        var agent = await _server.CreateAgentAsync(Agent());
        var token = await _server.GetTokenAsync(agent.ClientId, agent.ClientSecret!);
        var (status, json, response) = await SendAsync(HttpMethod.Get, "admin/agents", token: token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_token", json.GetProperty("error").GetString());
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact(DisplayName = "RFC 6750 §3.1: a tampered admin token is 401 invalid_token")]
    public async Task TamperedToken_Is401()
    {
        var parts = _adminToken.Split('.');
        var signature = parts[2].ToCharArray();
        signature[5] = signature[5] == 'A' ? 'B' : 'A';
        var (status, _, _) = await SendAsync(HttpMethod.Get, "admin/agents", token: parts[0] + "." + parts[1] + "." + new string(signature));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact(DisplayName = "RFC 6750 §3.1: an admin-audience token without the route's scope (mandate:read to list agents) is 403 insufficient_scope")]
    public async Task MissingScope_Is403()
    {
        var agent = await _server.CreateAgentAsync(new { name = "peeker", scopes = new[] { "read" }, default_scopes = new[] { "read" }, audiences = new[] { _server.Issuer + "/admin" } });
        var token = await _server.GetTokenAsync(agent.ClientId, agent.ClientSecret!);
        var (status, json, response) = await SendAsync(HttpMethod.Get, "admin/agents", token: token);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("insufficient_scope", json.GetProperty("error").GetString());
        Assert.Contains("scope=\"mandate:read\"", response.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact(DisplayName = "POST /admin/agents returns 201 with the agent JSON and a one-time client_secret")]
    public async Task CreateAgent_Returns201()
    {
        var (status, json, response) = await SendAsync(HttpMethod.Post, "admin/agents", Agent());
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(response.Headers.CacheControl!.NoStore);
        var names = json.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(new HashSet<string> { "id", "client_id", "name", "owner", "scopes", "default_scopes", "audiences", "grant_types", "token_lifetime_seconds", "status", "expires_at", "created_at", "last_used_at", "has_secret", "has_jwks", "client_secret" }, names);
        Assert.Equal("active", json.GetProperty("status").GetString());
        Assert.StartsWith("mnd_", json.GetProperty("client_secret").GetString());

        var id = json.GetProperty("id").GetString()!;
        var (getStatus, got, _) = await SendAsync(HttpMethod.Get, "admin/agents/" + id);
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.False(got.TryGetProperty("client_secret", out _));
        Assert.True(got.GetProperty("has_secret").GetBoolean());

        var (_, list, _) = await SendAsync(HttpMethod.Get, "admin/agents");
        Assert.Equal(2, list.GetArrayLength());
    }

    [Fact(DisplayName = "Suspend, resume, decommission; resuming a decommissioned agent is 409")]
    public async Task Lifecycle()
    {
        var agent = await _server.CreateAgentAsync(Agent());
        Assert.Equal("suspended", (await SendAsync(HttpMethod.Post, $"admin/agents/{agent.ClientId}/suspend")).Json.GetProperty("status").GetString());
        await Assert.ThrowsAsync<InvalidOperationException>(() => _server.GetTokenAsync(agent.ClientId, agent.ClientSecret!));
        Assert.Equal("active", (await SendAsync(HttpMethod.Post, $"admin/agents/{agent.ClientId}/resume")).Json.GetProperty("status").GetString());
        Assert.NotEmpty(await _server.GetTokenAsync(agent.ClientId, agent.ClientSecret!));
        Assert.Equal("decommissioned", (await SendAsync(HttpMethod.Post, $"admin/agents/{agent.ClientId}/decommission")).Json.GetProperty("status").GetString());

        var (status, json, _) = await SendAsync(HttpMethod.Post, $"admin/agents/{agent.ClientId}/resume");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("conflict", json.GetProperty("error").GetString());
        Assert.True(json.TryGetProperty("error_description", out _));
    }

    [Fact(DisplayName = "rotate-secret returns a new secret; the old one stops working")]
    public async Task RotateSecret()
    {
        var agent = await _server.CreateAgentAsync(Agent());
        var (status, json, _) = await SendAsync(HttpMethod.Post, $"admin/agents/{agent.ClientId}/rotate-secret");
        Assert.Equal(HttpStatusCode.OK, status);
        var secret = json.GetProperty("client_secret").GetString()!;
        Assert.NotEqual(agent.ClientSecret, secret);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _server.GetTokenAsync(agent.ClientId, agent.ClientSecret!));
        Assert.NotEmpty(await _server.GetTokenAsync(agent.ClientId, secret));
    }

    [Fact(DisplayName = "Unknown agent is 404 {error: not_found}")]
    public async Task UnknownAgent_Is404()
    {
        var (status, json, _) = await SendAsync(HttpMethod.Get, "admin/agents/agt_nothere");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not_found", json.GetProperty("error").GetString());
    }

    [Theory(DisplayName = "Bad JSON bodies are 400 invalid_request, never 500")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"name\":5}")]
    [InlineData("{\"name\":\"x\",\"scope\":[\"typo\"]}")]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"a\"],\"audiences\":[\"https://a\"],\"expires_at\":\"yesterday\"}")]
    public async Task BadJson_Is400(string body)
    {
        var (status, json, _) = await SendAsync(HttpMethod.Post, "admin/agents", rawBody: body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "An invalid policy is 400 invalid_request with a description")]
    public async Task InvalidPolicy_Is400()
    {
        var (status, json, _) = await SendAsync(HttpMethod.Post, "admin/agents", new { name = "x", owner = "alice@example.com", scopes = new[] { "a" }, default_scopes = new[] { "b" }, audiences = new[] { "https://a" } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("default_scopes", json.GetProperty("error_description").GetString());
    }

    [Theory(DisplayName = "Issue 6 §5, RFC 6749 §5.2: an agent without an owner is 400 invalid_request naming owner")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task MissingOwner_Is400(string? owner)
    {
        var (status, json, _) = await SendAsync(HttpMethod.Post, "admin/agents", new { name = "x", owner, scopes = new[] { "a" }, audiences = new[] { "https://a" } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", json.GetProperty("error").GetString());
        Assert.Contains("owner", json.GetProperty("error_description").GetString());
    }

    [Fact(DisplayName = "Issue 6 §5: an agent registered without expiry expires after DefaultAgentLifetime (90 days)")]
    public async Task NoExpiry_GetsDefaultLifetime()
    {
        var before = DateTimeOffset.UtcNow;
        var agent = await _server.CreateAgentAsync(Agent());
        var expiresAt = agent.Json.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt, before.AddDays(90).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(90).AddSeconds(1));
    }

    [Fact(DisplayName = "Issue 6 §5: an expiry beyond MaxAgentLifetime (365 days) is lowered to it")]
    public async Task FarExpiry_IsCapped()
    {
        var before = DateTimeOffset.UtcNow;
        var agent = await _server.CreateAgentAsync(new { name = "far", owner = "alice@example.com", scopes = new[] { "a" }, audiences = new[] { "https://a" }, expires_at = before.AddYears(10) });
        var expiresAt = agent.Json.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt, before.AddDays(365).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(365).AddSeconds(1));
    }

    [Fact(DisplayName = "GET /admin/keys lists the active key; POST /admin/keys imports and activates an operator key")]
    public async Task Keys_ListAndImport()
    {
        var (_, keys, _) = await SendAsync(HttpMethod.Get, "admin/keys");
        var first = Assert.Single(keys.EnumerateArray());
        Assert.Equal("active", first.GetProperty("state").GetString());
        Assert.False(first.TryGetProperty("d", out _));

        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonDocument.Parse(JsonWebKey.FromECDsa(ec, includePrivate: true, kid: "operator-1").ToJson()).RootElement;
        var (status, created, _) = await SendAsync(HttpMethod.Post, "admin/keys", new { jwk, activate = true });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("operator-1", created.GetProperty("kid").GetString());
        Assert.Equal("active", created.GetProperty("state").GetString());

        // New tokens are signed with the imported key; the old key stays published.
        var agent = await _server.CreateAgentAsync(Agent());
        var token = await _server.GetTokenAsync(agent.ClientId, agent.ClientSecret!);
        Assert.Contains("operator-1", Encoding.UTF8.GetString(Convert.FromBase64String(PadBase64(token.Split('.')[0]))));
        var jwks = JsonDocument.Parse(await _server.HttpClient.GetStringAsync("jwks")).RootElement.GetProperty("keys");
        Assert.Equal(2, jwks.GetArrayLength());

        var (duplicate, _, _) = await SendAsync(HttpMethod.Post, "admin/keys", new { jwk, activate = false });
        Assert.Equal(HttpStatusCode.Conflict, duplicate);
    }

    [Fact(DisplayName = "POST /admin/keys refuses a public-only JWK with 400")]
    public async Task ImportPublicKey_Is400()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonDocument.Parse(JsonWebKey.FromECDsa(ec, includePrivate: false).ToJson()).RootElement;
        var (status, json, _) = await SendAsync(HttpMethod.Post, "admin/keys", new { jwk, activate = true });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "Suspending the admin agent cuts off its unexpired admin tokens")]
    public async Task SuspendedAdmin_LosesAccess()
    {
        var admin = _server.Admin;
        var (status, _, _) = await SendAsync(HttpMethod.Post, $"admin/agents/{admin.ClientId}/suspend");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "admin/agents")).Status);
    }

    private static string PadBase64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}

// Refresh tokens for delegated tasks over real HTTP (Kestrel on 127.0.0.1, SQLite, a fake clock): issued only by
// token exchange for another subject, rotated on every use, reuse revokes the family (RFC 9700 §4.14.2), bound
// to the client (RFC 6749 §6), scope only narrows, /revoke and /introspect understand them, restarts keep them.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mandate.Jose;
using Mandate.Server.Grants.RefreshToken;
using Mandate.Server.IntegrationTests.Revocation;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class RefreshTokenHttpTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private MandateTestServer _server = null!;
    private TestAgent _orchestrator = null!;
    private TestAgent _subAgent = null!;
    private TestAgent _other = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            ConfigureServices = services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time));
                services.Configure<RefreshTokenOptions>(o =>
                {
                    o.IdleLifetime = TimeSpan.FromMinutes(10);
                    o.AbsoluteLifetime = TimeSpan.FromMinutes(30);
                });
            },
        });
        string[] grants = ["client_credentials", TokenExchange, "refresh_token"];
        _subAgent = await _server.CreateAgentAsync(new { name = "sub-agent", scopes = new[] { "invoices:read", "invoices:write" }, audiences = new[] { Api }, grant_types = grants });
        _other = await _server.CreateAgentAsync(new { name = "other", scopes = new[] { "invoices:read", "invoices:write" }, audiences = new[] { Api }, grant_types = grants });
        _orchestrator = await _server.CreateAgentAsync(new { name = "orchestrator", scopes = new[] { "invoices:read", "invoices:write" }, audiences = new[] { "urn:mandate:agent:" + _subAgent.ClientId } });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "RFC 6749 §6: exchange for another subject returns mrt_ refresh token; client_credentials and self-exchange never do; metadata lists refresh_token")]
    public async Task RefreshToken_OnlyForAnotherSubject()
    {
        var (_, exchanged, refresh) = await DelegateAsync();
        Assert.StartsWith("mrt_", refresh, StringComparison.Ordinal);
        Assert.Equal(47, refresh.Length);
        Assert.Equal(_orchestrator.ClientId, Claims(exchanged).GetProperty("sub").GetString());

        var (status, own) = await PostAsync(_subAgent, ("grant_type", "client_credentials"), ("scope", "invoices:read"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(own.TryGetProperty("refresh_token", out _));

        // An agent narrowing its own token (sub = itself) gets no refresh token either.
        var (selfStatus, self) = await PostAsync(_subAgent, ("grant_type", TokenExchange), ("subject_token", own.GetProperty("access_token").GetString()!),
            ("subject_token_type", AccessTokenType), ("resource", Api));
        Assert.Equal(HttpStatusCode.OK, selfStatus);
        Assert.False(self.TryGetProperty("refresh_token", out _));

        var metadata = await _server.HttpClient.GetFromJsonAsync<JsonElement>(".well-known/oauth-authorization-server");
        Assert.Contains("refresh_token", metadata.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact(DisplayName = "RFC 9700 §4.14.2: each use rotates; the new access token keeps sub and act; the old token no longer works")]
    public async Task Refresh_Rotates_AndKeepsTheChain()
    {
        var (_, exchanged, refresh) = await DelegateAsync();

        var (status, body) = await RefreshAsync(_subAgent, refresh);

        Assert.Equal(HttpStatusCode.OK, status);
        var next = body.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(refresh, next);
        var claims = Claims(body.GetProperty("access_token").GetString()!);
        var original = Claims(exchanged);
        Assert.Equal(original.GetProperty("sub").GetString(), claims.GetProperty("sub").GetString());
        Assert.Equal(original.GetProperty("act").GetRawText(), claims.GetProperty("act").GetRawText());
        Assert.Equal(Api, claims.GetProperty("aud").GetString());
        Assert.Equal("invoices:read invoices:write", claims.GetProperty("scope").GetString());
        Assert.Equal(_subAgent.ClientId, claims.GetProperty("client_id").GetString());

        var (again, _) = await RefreshAsync(_subAgent, next);
        Assert.Equal(HttpStatusCode.OK, again);
    }

    [Fact(DisplayName = "RFC 9700 §4.14.2: reuse of a rotated refresh token revokes the family - refresh tokens and the access tokens issued from it")]
    public async Task Reuse_RevokesTheWholeFamily()
    {
        // RFC 9700 §4.14.2: "If a refresh token is compromised and subsequently used by both the attacker and the
        // legitimate client, one of them will present an invalidated refresh token, which will inform the
        // authorization server of the breach."
        var (_, firstAccess, first) = await DelegateAsync();
        var (_, rotated) = await RefreshAsync(_subAgent, first);
        var second = rotated.GetProperty("refresh_token").GetString()!;
        var secondAccess = rotated.GetProperty("access_token").GetString()!;

        var (reuse, error) = await RefreshAsync(_subAgent, first);

        Assert.Equal(HttpStatusCode.BadRequest, reuse);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        var (latest, latestError) = await RefreshAsync(_subAgent, second);
        Assert.Equal(HttpStatusCode.BadRequest, latest);
        Assert.Equal("invalid_grant", latestError.GetProperty("error").GetString());
        var admin = RevocationClient.Admin(_server);
        Assert.False((await RevocationClient.IntrospectAsync(_server, admin, firstAccess)).GetProperty("active").GetBoolean());
        Assert.False((await RevocationClient.IntrospectAsync(_server, admin, secondAccess)).GetProperty("active").GetBoolean());
        var revoked = await FeedJtisAsync();
        Assert.Contains(Claims(firstAccess).GetProperty("jti").GetString(), revoked);
        Assert.Contains(Claims(secondAccess).GetProperty("jti").GetString(), revoked);
    }

    [Fact(DisplayName = "RFC 9700 §4.14.2: two concurrent uses of one refresh token - exactly one succeeds, the other is invalid_grant")]
    public async Task ConcurrentUse_ExactlyOneWins()
    {
        var (_, _, refresh) = await DelegateAsync();

        var results = await Task.WhenAll(RefreshAsync(_subAgent, refresh), RefreshAsync(_subAgent, refresh));

        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        var loser = Assert.Single(results, r => r.Status == HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", loser.Json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 6749 §6: a refresh token presented by another authenticated client is invalid_grant, and stays usable by its own")]
    public async Task WrongClient_IsInvalidGrant()
    {
        var (_, _, refresh) = await DelegateAsync();

        var (status, error) = await RefreshAsync(_other, refresh);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(_subAgent, refresh)).Status);
    }

    [Fact(DisplayName = "RFC 6749 §6: a refresh token without client authentication is invalid_client")]
    public async Task NoClientAuthentication_IsInvalidClient()
    {
        var (_, _, refresh) = await DelegateAsync();
        using var content = new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "refresh_token"), KeyValuePair.Create("refresh_token", refresh)]);

        using var response = await _server.HttpClient.PostAsync("token", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact(DisplayName = "Idle limit: a refresh token unused for longer than IdleLifetime is invalid_grant")]
    public async Task IdleExpiry_IsInvalidGrant()
    {
        var (_, _, refresh) = await DelegateAsync();

        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var (status, error) = await RefreshAsync(_subAgent, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "Absolute limit: however often it is rotated, a family ends AbsoluteLifetime after its first token")]
    public async Task AbsoluteExpiry_EndsTheFamily()
    {
        var (_, _, refresh) = await DelegateAsync();
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(9));
            var (status, body) = await RefreshAsync(_subAgent, refresh);
            Assert.Equal(HttpStatusCode.OK, status);
            refresh = body.GetProperty("refresh_token").GetString()!;
        }

        _time.Advance(TimeSpan.FromMinutes(4)); // 31 minutes after the family started, 4 after the last rotation

        var (expired, error) = await RefreshAsync(_subAgent, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, expired);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 6749 §6: scope may narrow (the refresh token keeps the original scope); a scope not originally granted is invalid_scope")]
    public async Task Scope_OnlyNarrows()
    {
        var (_, _, refresh) = await DelegateAsync();

        var (status, narrowed) = await RefreshAsync(_subAgent, refresh, "invoices:read");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("invoices:read", Claims(narrowed.GetProperty("access_token").GetString()!).GetProperty("scope").GetString());

        var next = narrowed.GetProperty("refresh_token").GetString()!;
        var (wider, error) = await RefreshAsync(_subAgent, next, "invoices:read mail:send");
        Assert.Equal(HttpStatusCode.BadRequest, wider);
        Assert.Equal("invalid_scope", error.GetProperty("error").GetString());

        // "MUST be identical to that of the refresh token included by the client in the request": both scopes again.
        var (full, body) = await RefreshAsync(_subAgent, next);
        Assert.Equal(HttpStatusCode.OK, full);
        Assert.Equal("invoices:read invoices:write", Claims(body.GetProperty("access_token").GetString()!).GetProperty("scope").GetString());
    }

    [Fact(DisplayName = "Restart: a refresh token issued before a server restart (same SQLite file) still rotates after it")]
    public async Task Refresh_SurvivesRestart()
    {
        var (_, _, refresh) = await DelegateAsync();

        _server = await _server.RestartAsync();

        var (status, body) = await RefreshAsync(_subAgent, refresh);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(_orchestrator.ClientId, Claims(body.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());
    }

    [Fact(DisplayName = "RFC 7009 §2.1: /revoke with token_type_hint=refresh_token revokes the family and its access tokens; another client is refused")]
    public async Task Revoke_RefreshToken_RevokesFamily()
    {
        var (_, access, refresh) = await DelegateAsync();

        using (var foreign = await RevocationClient.PostFormAsync(_server, "revoke", _other, ("token", refresh), ("token_type_hint", "refresh_token")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        }

        Assert.True((await RevocationClient.IntrospectAsync(_server, _subAgent, refresh)).GetProperty("active").GetBoolean());
        using (var revoke = await RevocationClient.PostFormAsync(_server, "revoke", _subAgent, ("token", refresh), ("token_type_hint", "refresh_token")))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        Assert.False((await RevocationClient.IntrospectAsync(_server, _subAgent, refresh)).GetProperty("active").GetBoolean());
        Assert.False((await RevocationClient.IntrospectAsync(_server, _subAgent, access)).GetProperty("active").GetBoolean());
        Assert.Equal("invalid_grant", (await RefreshAsync(_subAgent, refresh)).Json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 7662 §2.2: a refresh token is active for its own client only, with sub, act, scope and client_id")]
    public async Task Introspect_RefreshToken_OwnClientOnly()
    {
        var (_, _, refresh) = await DelegateAsync();

        var own = await RevocationClient.IntrospectAsync(_server, _subAgent, refresh);
        Assert.True(own.GetProperty("active").GetBoolean());
        Assert.Equal(_orchestrator.ClientId, own.GetProperty("sub").GetString());
        Assert.Equal(_subAgent.ClientId, own.GetProperty("client_id").GetString());
        Assert.Equal(_subAgent.ClientId, own.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal("invoices:read invoices:write", own.GetProperty("scope").GetString());

        var foreign = await RevocationClient.IntrospectAsync(_server, RevocationClient.Admin(_server), refresh);
        Assert.Equal("""{"active":false}""", foreign.GetRawText());
    }

    [Fact(DisplayName = "Issue 6 §1: suspending the agent kills its refresh tokens, also after it is resumed")]
    public async Task Suspend_KillsRefreshTokens()
    {
        var (_, _, refresh) = await DelegateAsync();

        using (var suspend = await RevocationClient.AdminPostAsync(_server, $"admin/agents/{_subAgent.ClientId}/suspend"))
        {
            Assert.True(suspend.IsSuccessStatusCode);
        }

        using (var resume = await RevocationClient.AdminPostAsync(_server, $"admin/agents/{_subAgent.ClientId}/resume"))
        {
            Assert.True(resume.IsSuccessStatusCode);
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        var (status, error) = await RefreshAsync(_subAgent, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 7009 §2.1 + RFC 8693: revoking the subject token the family was exchanged from revokes the family")]
    public async Task RevokeParent_RevokesFamily()
    {
        var (subject, _, refresh) = await DelegateAsync();

        using (var revoke = await RevocationClient.PostFormAsync(_server, "revoke", _orchestrator, ("token", subject)))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var (status, error) = await RefreshAsync(_subAgent, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 6585 §4: max_token_families 2 - a third family is 429 with Retry-After, rotation still works, revoking a family frees its slot")]
    public async Task MaxTokenFamilies_LimitsNewFamilies_NotRotations()
    {
        var (put, policy) = await PutMonitoringAsync(new { max_token_families = 2 });
        Assert.Equal(HttpStatusCode.OK, put);
        Assert.Equal(2, policy.GetProperty("max_token_families").GetInt32());

        var (_, _, first) = await DelegateAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        var (_, _, second) = await DelegateAsync();

        var subject = await _server.GetTokenAsync(_orchestrator.ClientId, _orchestrator.ClientSecret!, "urn:mandate:agent:" + _subAgent.ClientId, "invoices:read");
        using (var third = await SendAsync(_subAgent, ("grant_type", TokenExchange), ("subject_token", subject), ("subject_token_type", AccessTokenType), ("resource", Api)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            // The soonest live family (the first, idle lifetime 10 minutes) expires 9 minutes from now.
            Assert.Equal(TimeSpan.FromMinutes(9), third.Headers.RetryAfter?.Delta);
            using var error = JsonDocument.Parse(await third.Content.ReadAsStringAsync());
            Assert.Equal("temporarily_unavailable", error.RootElement.GetProperty("error").GetString());
            Assert.StartsWith("MND3120:", error.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        }

        var (rotated, _) = await RefreshAsync(_subAgent, second);
        Assert.Equal(HttpStatusCode.OK, rotated);

        using (var revoke = await RevocationClient.PostFormAsync(_server, "revoke", _subAgent, ("token", first), ("token_type_hint", "refresh_token")))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var (_, _, replacement) = await DelegateAsync();
        Assert.StartsWith("mrt_", replacement, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "RFC 6749 §5.2: a negative max_token_families is 400 invalid_request (MND3121); 0 clears the limit")]
    public async Task MaxTokenFamilies_Validation()
    {
        var (negative, error) = await PutMonitoringAsync(new { max_token_families = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, negative);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
        Assert.StartsWith("MND3121:", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        var (zero, policy) = await PutMonitoringAsync(new { max_token_families = 0 });
        Assert.Equal(HttpStatusCode.OK, zero);
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("max_token_families").ValueKind);
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> PutMonitoringAsync(object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"admin/agents/{_subAgent.ClientId}/monitoring") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.GetAdminTokenAsync());
        using var response = await _server.HttpClient.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private Task<HttpResponseMessage> SendAsync(TestAgent client, params (string Name, string Value)[] form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Name, p.Value))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(client.ClientId + ":" + client.ClientSecret)));
        return _server.HttpClient.SendAsync(request);
    }

    /// <summary>Orchestrator token for the sub-agent → exchange by the sub-agent for the API: (subject, access, refresh).</summary>
    private async Task<(string Subject, string Access, string Refresh)> DelegateAsync()
    {
        var subject = await _server.GetTokenAsync(_orchestrator.ClientId, _orchestrator.ClientSecret!, "urn:mandate:agent:" + _subAgent.ClientId, "invoices:read invoices:write");
        var (status, body) = await PostAsync(_subAgent, ("grant_type", TokenExchange), ("subject_token", subject), ("subject_token_type", AccessTokenType), ("resource", Api));
        Assert.Equal(HttpStatusCode.OK, status);
        return (subject, body.GetProperty("access_token").GetString()!, body.GetProperty("refresh_token").GetString()!);
    }

    private Task<(HttpStatusCode Status, JsonElement Json)> RefreshAsync(TestAgent client, string refresh, string? scope = null) =>
        scope is null
            ? PostAsync(client, ("grant_type", "refresh_token"), ("refresh_token", refresh))
            : PostAsync(client, ("grant_type", "refresh_token"), ("refresh_token", refresh), ("scope", scope));

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(TestAgent client, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Name, p.Value))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(client.ClientId + ":" + client.ClientSecret)));
        using var response = await _server.HttpClient.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<HashSet<string?>> FeedJtisAsync()
    {
        var feed = await _server.HttpClient.GetFromJsonAsync<JsonElement>("revocations?after=0");
        return feed.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "token")
            .Select(e => e.GetProperty("jti").GetString()).ToHashSet();
    }

    private static JsonElement Claims(string jwt)
    {
        Assert.True(Base64Url.TryDecode(jwt.Split('.')[1], out var bytes));
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }
}

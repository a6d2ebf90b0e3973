// RFC 8693 token exchange over real HTTP (Kestrel on 127.0.0.1, SQLite): orchestrator → sub-agent → worker → API,
// agents registered through the admin API, every hop checked on the wire.
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Jose;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class TokenExchangeHttpTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private MandateTestServer _server = null!;
    private TestAgent _orchestrator = null!;
    private TestAgent _subAgent = null!;
    private TestAgent _worker = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        _worker = await CreateAsync("worker", ["invoices:read"], [Api]);
        _subAgent = await CreateAsync("sub-agent", ["invoices:read", "invoices:write"], [Api, "urn:mandate:agent:" + _worker.ClientId]);
        _orchestrator = await CreateAsync("orchestrator", ["invoices:read", "invoices:write"], ["urn:mandate:agent:" + _subAgent.ClientId]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<TestAgent> CreateAsync(string name, string[] scopes, string[] audiences) =>
        _server.CreateAgentAsync(new { name, scopes, audiences, grant_types = new[] { "client_credentials", TokenExchange } });

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(TestAgent client, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Name, p.Value))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(client.ClientId + ":" + client.ClientSecret)));
        using var response = await _server.HttpClient.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private Task<(HttpStatusCode Status, JsonElement Json)> ExchangeAsync(TestAgent client, string subjectToken, string resource) =>
        PostAsync(client, ("grant_type", TokenExchange), ("subject_token", subjectToken), ("subject_token_type", AccessTokenType), ("resource", resource));

    private static JsonElement Payload(string jwt)
    {
        Assert.True(Base64Url.TryDecode(jwt.Split('.')[1], out var bytes));
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    [Fact(DisplayName = "RFC 8693 over HTTP: two hops give sub=orchestrator, act=worker{act=sub-agent}, aud=API")]
    public async Task TwoHopChain_OverHttp()
    {
        var (status, first) = await PostAsync(_orchestrator, ("grant_type", "client_credentials"), ("resource", "urn:mandate:agent:" + _subAgent.ClientId), ("scope", "invoices:read"));
        Assert.Equal(HttpStatusCode.OK, status);

        var (status2, second) = await ExchangeAsync(_subAgent, first.GetProperty("access_token").GetString()!, "urn:mandate:agent:" + _worker.ClientId);
        Assert.Equal(HttpStatusCode.OK, status2);
        Assert.Equal(AccessTokenType, second.GetProperty("issued_token_type").GetString());

        var (status3, third) = await ExchangeAsync(_worker, second.GetProperty("access_token").GetString()!, Api);
        Assert.Equal(HttpStatusCode.OK, status3);

        var claims = Payload(third.GetProperty("access_token").GetString()!);
        Assert.Equal(_orchestrator.ClientId, claims.GetProperty("sub").GetString());
        Assert.Equal(_worker.ClientId, claims.GetProperty("client_id").GetString());
        Assert.Equal(Api, claims.GetProperty("aud").GetString());
        Assert.Equal("invoices:read", claims.GetProperty("scope").GetString());
        Assert.Equal(_worker.ClientId, claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(_subAgent.ClientId, claims.GetProperty("act").GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(Payload(second.GetProperty("access_token").GetString()!).GetProperty("jti").GetString(), claims.GetProperty("parent_jti").GetString());
    }

    [Fact(DisplayName = "RFC 8693 §2.2.2 over HTTP: a token bound to the sub-agent, presented by the worker, is invalid_request")]
    public async Task SplicedToken_OverHttp()
    {
        var (_, first) = await PostAsync(_orchestrator, ("grant_type", "client_credentials"), ("resource", "urn:mandate:agent:" + _subAgent.ClientId), ("scope", "invoices:read"));

        var (status, error) = await ExchangeAsync(_worker, first.GetProperty("access_token").GetString()!, Api);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 8693 over HTTP: widening the scope at the second hop is invalid_scope")]
    public async Task Widening_OverHttp()
    {
        var (_, first) = await PostAsync(_orchestrator, ("grant_type", "client_credentials"), ("resource", "urn:mandate:agent:" + _subAgent.ClientId), ("scope", "invoices:read"));

        var (status, error) = await PostAsync(_subAgent, ("grant_type", TokenExchange), ("subject_token", first.GetProperty("access_token").GetString()!),
            ("subject_token_type", AccessTokenType), ("resource", Api), ("scope", "invoices:write"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", error.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 7009 + RFC 8693: revoking a token revokes every token derived from it by exchange, transitively")]
    public async Task Revoke_Root_RevokesDerivedChain()
    {
        var (_, first) = await PostAsync(_orchestrator, ("grant_type", "client_credentials"), ("resource", "urn:mandate:agent:" + _subAgent.ClientId), ("scope", "invoices:read"));
        var root = first.GetProperty("access_token").GetString()!;
        var (_, second) = await ExchangeAsync(_subAgent, root, "urn:mandate:agent:" + _worker.ClientId);
        var child = second.GetProperty("access_token").GetString()!;
        var (_, third) = await ExchangeAsync(_worker, child, Api);
        var grandchild = third.GetProperty("access_token").GetString()!;
        var admin = new TestAgent(_server.Admin.ClientId, _server.Admin.ClientSecret, default);
        Assert.True((await IntrospectAsync(admin, grandchild)).GetProperty("active").GetBoolean());

        using (var request = new HttpRequestMessage(HttpMethod.Post, "revoke") { Content = new FormUrlEncodedContent([KeyValuePair.Create("token", root)]) })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_orchestrator.ClientId + ":" + _orchestrator.ClientSecret)));
            using var response = await _server.HttpClient.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.False((await IntrospectAsync(admin, child)).GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync(admin, grandchild)).GetProperty("active").GetBoolean());
        var (status, _) = await ExchangeAsync(_worker, child, Api);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    private async Task<JsonElement> IntrospectAsync(TestAgent caller, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "introspect") { Content = new FormUrlEncodedContent([KeyValuePair.Create("token", token)]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(caller.ClientId + ":" + caller.ClientSecret)));
        using var response = await _server.HttpClient.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

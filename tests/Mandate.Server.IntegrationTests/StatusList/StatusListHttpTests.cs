// Token Status Lists over real HTTP (Kestrel on 127.0.0.1, SQLite): the status claim of every access token, the
// signed list, and the bits set by every kind of revocation (draft-ietf-oauth-status-list).
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Server.StatusList;
using Mandate.Testing;
using static Mandate.Server.IntegrationTests.StatusList.StatusListReader;

namespace Mandate.Server.IntegrationTests.StatusList;

public sealed class StatusListHttpTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await MandateTestServer.StartAsync(new MandateTestServerOptions
    {
        UseSqlite = true,
        ConfigureServices = services => services.AddMandateStatusList(o =>
        {
            o.ListSize = 4096;
            o.ListCount = 2;
            o.TimeToLive = TimeSpan.FromSeconds(30);
        }),
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<TestAgent> AgentAsync(string name = "bot", string[]? audiences = null) => _server.CreateAgentAsync(new
    {
        name,
        owner = "team@example.com",
        scopes = new[] { "tools:read" },
        audiences = audiences ?? [Api],
        grant_types = new[] { "client_credentials", TokenExchange },
    });

    private Task<string> TokenAsync(TestAgent agent, string resource = Api) => _server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, resource, "tools:read");

    private async Task<HttpStatusCode> PostAsync(string path, TestAgent? basic, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Name, p.Value))) };
        request.Headers.Authorization = basic is null
            ? new AuthenticationHeaderValue("Bearer", await _server.GetAdminTokenAsync())
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic.ClientId + ":" + basic.ClientSecret)));
        using var response = await _server.HttpClient.SendAsync(request);
        return response.StatusCode;
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list §6.2: every access token carries status.status_list with idx and uri")]
    public async Task AccessToken_CarriesStatusClaim()
    {
        var agent = await AgentAsync();
        var first = Reference(await TokenAsync(agent));
        var second = Reference(await TokenAsync(agent));

        Assert.Matches("^" + _server.Issuer + "/statuslists/[12]$", first.Uri);
        Assert.InRange(first.Index, 0, 4095);
        Assert.False(first == second, "two live tokens never share a list and index");
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list §5.1, §8.2: the list is a signed statuslist+jwt with sub, iat, exp, ttl, served cacheable for ttl")]
    public async Task ListEndpoint_ServesSignedListToken()
    {
        var (index, uri) = Reference(await TokenAsync(await AgentAsync()));
        var (token, response) = await FetchAsync(_server, uri);
        using (response)
        {
            Assert.Equal("application/statuslist+jwt", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=30", response.Headers.CacheControl?.ToString());
        }

        Assert.Equal("statuslist+jwt", token.Typ);
        Assert.Equal(uri, token.Subject);
        Assert.Equal(30, token.GetPayloadValue<int>("ttl"));
        Assert.Equal(TimeSpan.FromMinutes(10), token.ValidTo - token.IssuedAt);
        Assert.Equal(0, await StatusAsync(_server, await TokenAsync(await AgentAsync("other"))));
        Assert.InRange(index, 0, 4095);
    }

    [Fact(DisplayName = "RFC 7009 §2.1 + draft §7.1: revoking a token sets its bit to INVALID and leaves the others VALID")]
    public async Task Revoke_SetsBitOfThatTokenOnly()
    {
        var agent = await AgentAsync();
        var revoked = await TokenAsync(agent);
        var kept = await TokenAsync(agent);

        Assert.Equal(HttpStatusCode.OK, await PostAsync("revoke", agent, ("token", revoked)));

        Assert.Equal(1, await StatusAsync(_server, revoked));
        Assert.Equal(0, await StatusAsync(_server, kept));
    }

    [Fact(DisplayName = "RFC 7009 + RFC 8693: revoking a token sets the bits of the tokens derived from it by exchange")]
    public async Task Revoke_Cascade_SetsDerivedBits()
    {
        var worker = await AgentAsync("worker");
        var orchestrator = await AgentAsync("orchestrator", ["urn:mandate:agent:" + worker.ClientId]);
        var root = await TokenAsync(orchestrator, "urn:mandate:agent:" + worker.ClientId);
        using var exchange = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent([
                KeyValuePair.Create("grant_type", TokenExchange), KeyValuePair.Create("subject_token", root),
                KeyValuePair.Create("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"), KeyValuePair.Create("resource", Api)]),
        };
        exchange.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(worker.ClientId + ":" + worker.ClientSecret)));
        using var exchanged = await _server.HttpClient.SendAsync(exchange);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        var child = JsonDocument.Parse(await exchanged.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        Assert.Equal(0, await StatusAsync(_server, child));

        Assert.Equal(HttpStatusCode.OK, await PostAsync("revoke", orchestrator, ("token", root)));

        Assert.Equal(1, await StatusAsync(_server, root));
        Assert.Equal(1, await StatusAsync(_server, child));
    }

    [Theory(DisplayName = "Agent suspend and decommission set the bits of every live token of the agent, and of no other agent")]
    [InlineData("suspend")]
    [InlineData("decommission")]
    public async Task AgentLifecycle_SetsBitsOfItsTokens(string action)
    {
        var agent = await AgentAsync();
        var other = await AgentAsync("other");
        var tokens = new[] { await TokenAsync(agent), await TokenAsync(agent) };
        var otherToken = await TokenAsync(other);

        Assert.Equal(HttpStatusCode.OK, await PostAsync($"admin/agents/{agent.ClientId}/{action}", null));

        Assert.All(await Task.WhenAll(tokens.Select(t => StatusAsync(_server, t))), status => Assert.Equal(1, status));
        Assert.Equal(0, await StatusAsync(_server, otherToken));
    }

    [Fact(DisplayName = "Key revocation sets the bits of every live token the key signed; the list is then signed by the new key")]
    public async Task KeyRevoke_SetsBitsOfItsTokens()
    {
        var agent = await AgentAsync();
        var token = await TokenAsync(agent);
        var kid = JsonDocument.Parse(Convert.FromBase64String(PadBase64(token.Split('.')[0]))).RootElement.GetProperty("kid").GetString();

        Assert.Equal(HttpStatusCode.OK, await PostAsync($"admin/keys/{kid}/revoke", null));

        Assert.Equal(1, await StatusAsync(_server, token));
        Assert.Equal(0, await StatusAsync(_server, await TokenAsync(agent)));
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list §9: metadata names the aggregation endpoint, which lists every list URI, cacheable for the ttl")]
    public async Task Discovery_ListsAggregation()
    {
        var metadata = JsonDocument.Parse(await _server.HttpClient.GetStringAsync(".well-known/oauth-authorization-server")).RootElement;
        var aggregation = metadata.GetProperty("status_list_aggregation_endpoint").GetString()!;
        Assert.Equal(_server.Issuer + "/statuslists", aggregation);

        using var response = await _server.HttpClient.GetAsync(aggregation);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=30", response.Headers.CacheControl?.ToString()); // the configured ttl, as the lists
        var lists = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status_lists");
        Assert.Equal([_server.Issuer + "/statuslists/1", _server.Issuer + "/statuslists/2"], lists.EnumerateArray().Select(e => e.GetString()));
    }

    [Theory(DisplayName = "draft-ietf-oauth-status-list §8.1: unknown lists are 404; an Accept without the JWT form is 406")]
    [InlineData("statuslists/0", null, HttpStatusCode.NotFound)]
    [InlineData("statuslists/3", null, HttpStatusCode.NotFound)]
    [InlineData("statuslists/01", null, HttpStatusCode.NotFound)]
    [InlineData("statuslists/x", null, HttpStatusCode.NotFound)]
    [InlineData("statuslists/1", "application/statuslist+cwt", HttpStatusCode.NotAcceptable)]
    [InlineData("statuslists/1", "*/*", HttpStatusCode.OK)]
    [InlineData("statuslists/1", null, HttpStatusCode.OK)]
    public async Task ListEndpoint_NegotiatesAndBounds(string path, string? accept, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await _server.HttpClient.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    private static string PadBase64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}

// Issue 6 §1 + RFC 8693: the parent links of exchanged tokens are durable, so revoking a token after a server
// restart still revokes everything derived from it (Kestrel on 127.0.0.1, one SQLite file across the restart).
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mandate.Jose;
using Mandate.Server.IntegrationTests.Revocation;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class PersistedDelegationLinkTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "RFC 7009 §2.1 + RFC 8693: after a restart on the same SQLite file, revoking the parent revokes child and grandchild (introspection and feed)")]
    public async Task RevokeParent_AfterRestart_RevokesChildAndGrandchild()
    {
        var worker = await CreateAsync("worker", [Api]);
        var sub = await CreateAsync("sub-agent", [Api, "urn:mandate:agent:" + worker.ClientId]);
        var orchestrator = await CreateAsync("orchestrator", ["urn:mandate:agent:" + sub.ClientId]);

        var parent = await _server.GetTokenAsync(orchestrator.ClientId, orchestrator.ClientSecret!, "urn:mandate:agent:" + sub.ClientId, "invoices:read");
        var child = await ExchangeAsync(sub, parent, "urn:mandate:agent:" + worker.ClientId);
        var grandchild = await ExchangeAsync(worker, child, Api);

        _server = await _server.RestartAsync();
        var admin = RevocationClient.Admin(_server);
        Assert.True((await RevocationClient.IntrospectAsync(_server, admin, grandchild)).GetProperty("active").GetBoolean());

        using (var revoke = await RevocationClient.PostFormAsync(_server, "revoke", orchestrator, ("token", parent)))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        Assert.False((await RevocationClient.IntrospectAsync(_server, admin, parent)).GetProperty("active").GetBoolean());
        Assert.False((await RevocationClient.IntrospectAsync(_server, admin, child)).GetProperty("active").GetBoolean());
        Assert.False((await RevocationClient.IntrospectAsync(_server, admin, grandchild)).GetProperty("active").GetBoolean());

        var feed = await _server.HttpClient.GetFromJsonAsync<JsonElement>("revocations?after=0");
        var revoked = feed.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "token")
            .Select(e => e.GetProperty("jti").GetString()).ToHashSet();
        Assert.Contains(Jti(parent), revoked);
        Assert.Contains(Jti(child), revoked);
        Assert.Contains(Jti(grandchild), revoked);
    }

    private Task<TestAgent> CreateAsync(string name, string[] audiences) =>
        _server.CreateAgentAsync(new { name, scopes = new[] { "invoices:read" }, audiences, grant_types = new[] { "client_credentials", TokenExchange } });

    private async Task<string> ExchangeAsync(TestAgent client, string subjectToken, string resource)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent(
            [
                KeyValuePair.Create("grant_type", TokenExchange), KeyValuePair.Create("subject_token", subjectToken),
                KeyValuePair.Create("subject_token_type", AccessTokenType), KeyValuePair.Create("resource", resource),
            ]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(client.ClientId + ":" + client.ClientSecret)));
        using var response = await _server.HttpClient.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    private static string Jti(string jwt)
    {
        Assert.True(Base64Url.TryDecode(jwt.Split('.')[1], out var bytes));
        return JsonDocument.Parse(bytes).RootElement.GetProperty("jti").GetString()!;
    }
}

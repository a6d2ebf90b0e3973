// Issue 7 end to end over real HTTP: issuance, revocation and introspection land in the audit log and
// come back through GET /admin/audit; /healthz and /readyz answer.
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mandate.Server.IntegrationTests.Revocation;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests;

public sealed class AuditApiTests : IAsyncLifetime
{
    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await MandateTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task IssueRevokeIntrospect_AreAudited_AndQueryableByAgentAndType()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);
        var token = await RevocationClient.TokenAsync(_server, agent);
        using (var revoke = await RevocationClient.PostFormAsync(_server, "revoke", agent, ("token", token)))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        await RevocationClient.IntrospectAsync(_server, agent, token);
        string jti = Jti(token);

        var all = await QueryAsync("agent=" + Uri.EscapeDataString(agent.ClientId));
        var types = all.Select(r => r.GetProperty("type").GetString()).ToList();
        Assert.Contains("admin.agent", types);
        Assert.Contains("token.issued", types);
        Assert.Contains("token.introspected", types);
        var issued = Assert.Single(await QueryAsync("agent=" + Uri.EscapeDataString(agent.ClientId) + "&type=token.issued"));
        Assert.Equal(jti, issued.GetProperty("jti").GetString());

        var revoked = Assert.Single(await QueryAsync("type=token.revoked&since=1h"), r => r.GetProperty("jti").GetString() == jti);
        Assert.Equal(agent.ClientId, revoked.GetProperty("client_id").GetString());
        foreach (var record in all)
        {
            Assert.DoesNotContain(token.Split('.')[2], record.GetRawText());
            Assert.DoesNotContain(agent.ClientSecret!, record.GetRawText());
        }
    }

    [Theory]
    [InlineData("since=yesterday")]
    [InlineData("limit=0")]
    [InlineData("after=x")]
    public async Task AdminAudit_BadParameter_Is400NotAServerError(string query)
    {
        using var response = await GetAdminAsync("admin/audit?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AdminAudit_WithoutAdminToken_Is401()
    {
        using var response = await _server.HttpClient.GetAsync("admin/audit");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("healthz")]
    [InlineData("readyz")]
    public async Task Probes_Answer200Healthy(string path)
    {
        using var response = await _server.HttpClient.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private async Task<List<JsonElement>> QueryAsync(string query)
    {
        using var response = await GetAdminAsync("admin/audit?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return [.. page.GetProperty("records").EnumerateArray()];
    }

    private async Task<HttpResponseMessage> GetAdminAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.GetAdminTokenAsync());
        return await _server.HttpClient.SendAsync(request);
    }

    private static string Jti(string jwt)
    {
        Assert.True(Mandate.Jose.Base64Url.TryDecode(jwt.Split('.')[1], out var payload));
        return JsonDocument.Parse(payload).RootElement.GetProperty("jti").GetString()!;
    }
}

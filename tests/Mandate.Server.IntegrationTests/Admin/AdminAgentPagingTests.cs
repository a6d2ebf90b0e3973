// GET /admin/agents pages: RFC 8288 Link rel="next" to the next page, owner and status filters, bad input as 400
// invalid_request. Kestrel on loopback over a real SQLite file.
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Admin;

public sealed class AdminAgentPagingTests : IAsyncLifetime
{
    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "RFC 8288 §3: GET /admin/agents?limit=N follows Link rel=\"next\" through every agent once")]
    public async Task Paging_FollowsNextLinks_ThroughEveryAgentOnce()
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 7; i++)
        {
            created.Add((await _server.CreateAgentAsync(Agent("bot-" + i, "pager@example.test"))).ClientId);
        }

        var seen = new List<string>();
        string? next = "admin/agents?limit=3&owner=pager%40example.test";
        var pages = 0;
        while (next is not null)
        {
            using var response = await GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(page.GetArrayLength() <= 3);
            seen.AddRange(page.EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
            next = response.Headers.TryGetValues("Link", out var links) ? NextUrl(links.Single()) : null;
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.True(created.SetEquals(seen));
    }

    [Fact(DisplayName = "GET /admin/agents?status=suspended&owner=... returns only the matching agents, with no next link")]
    public async Task Filters_OwnerAndStatus()
    {
        var kept = await _server.CreateAgentAsync(Agent("kept", "filter@example.test"));
        var suspended = await _server.CreateAgentAsync(Agent("paused", "filter@example.test"));
        await _server.CreateAgentAsync(Agent("other", "someone-else@example.test"));
        using (var suspend = await PostAsync($"admin/agents/{suspended.ClientId}/suspend"))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        using var response = await GetAsync("admin/agents?owner=filter%40example.test&status=suspended");
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(suspended.ClientId, Assert.Single(page.EnumerateArray()).GetProperty("id").GetString());
        Assert.False(response.Headers.Contains("Link"));
        Assert.NotEqual(kept.ClientId, suspended.ClientId);
    }

    [Theory(DisplayName = "RFC 6749 §5.2: bad paging parameters are 400 invalid_request with a stable id")]
    [InlineData("admin/agents?limit=0", "MND2950")]
    [InlineData("admin/agents?limit=1001", "MND2950")]
    [InlineData("admin/agents?limit=ten", "MND2950")]
    [InlineData("admin/agents?cursor=%00%01", "MND2951")]
    [InlineData("admin/agents?status=sleeping", "MND2952")]
    [InlineData("admin/agents?owner=a&owner=b", "MND2953")]
    public async Task BadParameters_Are400(string path, string id)
    {
        using var response = await GetAsync(path);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", json.GetProperty("error").GetString());
        Assert.StartsWith(id + ": ", json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    private static object Agent(string name, string owner) =>
        new { name, owner, scopes = new[] { "read" }, audiences = new[] { "https://api.example.com" } };

    private static string NextUrl(string link)
    {
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)].TrimStart('/');
    }

    private async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.GetAdminTokenAsync());
        return await _server.HttpClient.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.GetAdminTokenAsync());
        return await _server.HttpClient.SendAsync(request);
    }
}

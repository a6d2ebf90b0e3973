using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.IntegrationTests.Revocation;

/// <summary>Over HTTP with a fake clock: GET /admin/agents/orphans lists unused agents with owner and last use, filtered by reason.</summary>
public sealed class OrphanHttpTests
{
    [Fact]
    public async Task Orphans_ListsUnusedAgentWithOwner()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServices = services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)),
        });
        var agent = await RevocationClient.CreateAgentAsync(server);

        time.Advance(TimeSpan.FromDays(31));
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/agents/orphans");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        using var response = await server.HttpClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var orphans = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var orphan = Assert.Single(orphans.EnumerateArray(), o => o.GetProperty("id").GetString() == agent.ClientId);
        Assert.Equal("team@example.com", orphan.GetProperty("owner").GetString());
        Assert.Equal("unused", orphan.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, orphan.GetProperty("last_used_at").ValueKind);
    }

    [Fact]
    public async Task Orphans_PagedByLimit_FollowingTheLinkHeaders_ListsEveryOrphanOnceInCreationOrder_WithTheReasonKept()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServices = services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)),
        });
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await RevocationClient.CreateAgentAsync(server)).ClientId);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromDays(31));
        var token = await server.GetAdminTokenAsync();
        var seen = new List<string>();
        var links = new List<string>();
        string? next = "admin/agents/orphans?reason=unused&limit=2";
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next.TrimStart('/'));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await server.HttpClient.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.InRange(page.GetArrayLength(), 1, 2);
            seen.AddRange(page.EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
            next = response.Headers.TryGetValues("Link", out var values) ? values.Single() : null;
            if (next is not null)
            {
                links.Add(next);
                next = next[1..next.IndexOf('>', StringComparison.Ordinal)];
            }
        }

        Assert.Equal(created, seen.Where(created.Contains));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.Contains("reason=unused", link, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Orphans_ReasonFilter_UnusedListsTheAgent_ExpiredDoesNot_BadReasonIs400()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServices = services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)),
        });
        var agent = await RevocationClient.CreateAgentAsync(server);
        time.Advance(TimeSpan.FromDays(31));
        var token = await server.GetAdminTokenAsync();

        async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string query)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "admin/agents/orphans" + query);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await server.HttpClient.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
        }

        var (unusedStatus, unused) = await GetAsync("?reason=unused");
        var (_, expired) = await GetAsync("?reason=expired");
        var (badStatus, bad) = await GetAsync("?reason=lonely");
        var (twiceStatus, _) = await GetAsync("?reason=unused&reason=expired");

        Assert.Equal(HttpStatusCode.OK, unusedStatus);
        Assert.Contains(unused.EnumerateArray(), o => o.GetProperty("id").GetString() == agent.ClientId);
        Assert.DoesNotContain(expired.EnumerateArray(), o => o.GetProperty("id").GetString() == agent.ClientId);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal("invalid_request", bad.GetProperty("error").GetString());
        Assert.StartsWith("MND3250:", bad.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twiceStatus);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.IntegrationTests.Revocation;

/// <summary>Issue 6 §5 over HTTP with a fake clock: GET /admin/agents/orphans lists unused agents with owner and last use.</summary>
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
}

using System.Net;
using System.Text.Json;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Revocation;

public sealed class RevocationFeedTests
{
    [Fact]
    public async Task Feed_Page_ListsEventsAfterCursor()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await RevocationClient.CreateAgentAsync(server);
        var token = await RevocationClient.TokenAsync(server, agent);
        (await RevocationClient.PostFormAsync(server, "revoke", agent, ("token", token))).Dispose();
        (await RevocationClient.AdminPostAsync(server, $"admin/agents/{agent.ClientId}/suspend")).Dispose();

        var page = JsonDocument.Parse(await server.HttpClient.GetStringAsync("revocations?after=0")).RootElement;
        var events = page.GetProperty("events");
        Assert.Equal(2, events.GetArrayLength());
        Assert.Equal("token", events[0].GetProperty("type").GetString());
        Assert.Equal("agent", events[1].GetProperty("type").GetString());
        Assert.Equal(agent.ClientId, events[1].GetProperty("sub").GetString());
        Assert.Equal(page.GetProperty("head").GetInt64(), page.GetProperty("cursor").GetInt64());

        var rest = JsonDocument.Parse(await server.HttpClient.GetStringAsync("revocations?after=" + events[0].GetProperty("seq").GetInt64())).RootElement;
        Assert.Equal(1, rest.GetProperty("events").GetArrayLength());
        Assert.False(rest.GetProperty("reset").GetBoolean());
    }

    [Fact]
    public async Task Feed_CursorAheadOfHead_Resets()
    {
        await using var server = await MandateTestServer.StartAsync();

        var page = JsonDocument.Parse(await server.HttpClient.GetStringAsync("revocations?after=500")).RootElement;

        Assert.True(page.GetProperty("reset").GetBoolean());
        Assert.Equal(0, page.GetProperty("cursor").GetInt64());
    }

    [Fact]
    public async Task Feed_BadCursor_InvalidRequest()
    {
        await using var server = await MandateTestServer.StartAsync();

        using var response = await server.HttpClient.GetAsync("revocations?after=-1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Sqlite_RevocationSurvivesServerRestart_CursorKeepsCounting()
    {
        var server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        try
        {
            var agent = await RevocationClient.CreateAgentAsync(server);
            var token = await RevocationClient.TokenAsync(server, agent);
            (await RevocationClient.PostFormAsync(server, "revoke", agent, ("token", token))).Dispose();

            server = await server.RestartAsync();

            Assert.False((await RevocationClient.IntrospectAsync(server, RevocationClient.Admin(server), token)).GetProperty("active").GetBoolean());
            var page = JsonDocument.Parse(await server.HttpClient.GetStringAsync("revocations?after=1")).RootElement;
            Assert.False(page.GetProperty("reset").GetBoolean());
            Assert.Equal(1, page.GetProperty("head").GetInt64());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}

using System.Net;
using Mandate.Testing;
using Xunit.Abstractions;

namespace Mandate.Server.IntegrationTests.Revocation;

/// <summary>Issue 6 end to end on loopback: server + API with the revocation feed, no introspection calls.</summary>
public sealed class FeedPropagationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(5);

    [Fact(DisplayName = "Revoke -> the API refuses the token within 5 s, without any introspection call")]
    public async Task Revoke_ApiRefusesWithinFiveSeconds()
    {
        await using var server = await MandateTestServer.StartAsync();
        await using var api = await FeedApiHost.StartAsync(server.Issuer);
        var agent = await RevocationClient.CreateAgentAsync(server);
        var token = await RevocationClient.TokenAsync(server, agent);
        var other = await RevocationClient.TokenAsync(server, agent);
        Assert.Equal(HttpStatusCode.OK, await api.CallAsync(token));

        (await RevocationClient.PostFormAsync(server, "revoke", agent, ("token", token))).Dispose();
        var elapsed = await api.WaitUntilRefusedAsync(token, Target);

        output.WriteLine($"revoke -> API refusal: {elapsed?.TotalMilliseconds:F0} ms");
        Assert.NotNull(elapsed);
        Assert.Equal(HttpStatusCode.OK, await api.CallAsync(other));
        Assert.DoesNotContain(api.BackchannelPaths, p => p.EndsWith("/introspect", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "Decommission -> every token of the agent is refused by the API within 5 s")]
    public async Task Decommission_AllTokensRefused()
    {
        await using var server = await MandateTestServer.StartAsync();
        await using var api = await FeedApiHost.StartAsync(server.Issuer);
        var agent = await RevocationClient.CreateAgentAsync(server);
        var bystander = await RevocationClient.CreateAgentAsync(server);
        var tokens = new[] { await RevocationClient.TokenAsync(server, agent), await RevocationClient.TokenAsync(server, agent) };
        var unrelated = await RevocationClient.TokenAsync(server, bystander);
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, await api.CallAsync(token));
        }

        (await RevocationClient.AdminPostAsync(server, $"admin/agents/{agent.ClientId}/decommission")).Dispose();

        foreach (var token in tokens)
        {
            var elapsed = await api.WaitUntilRefusedAsync(token, Target);
            output.WriteLine($"decommission -> API refusal: {elapsed?.TotalMilliseconds:F0} ms");
            Assert.NotNull(elapsed);
        }

        Assert.Equal(HttpStatusCode.OK, await api.CallAsync(unrelated));
    }

    [Fact(DisplayName = "The feed resumes after an API restart (replay from 0) and after a server restart (from the cursor)")]
    public async Task Feed_ResumesAfterApiAndServerRestart()
    {
        var server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        try
        {
            var agent = await RevocationClient.CreateAgentAsync(server);
            var first = await RevocationClient.TokenAsync(server, agent);
            var second = await RevocationClient.TokenAsync(server, agent);
            (await RevocationClient.PostFormAsync(server, "revoke", agent, ("token", first))).Dispose();

            // API restart: a fresh API rebuilds its list from the feed before refusing the revoked token.
            await using (var api = await FeedApiHost.StartAsync(server.Issuer))
            {
                Assert.NotNull(await api.WaitUntilRefusedAsync(first, Target));
            }

            await using var restartedApi = await FeedApiHost.StartAsync(server.Issuer);
            Assert.NotNull(await restartedApi.WaitUntilRefusedAsync(first, Target));
            Assert.Equal(HttpStatusCode.OK, await restartedApi.CallAsync(second));

            // Server restart: the API's stream breaks, it reconnects with its cursor and receives the next event.
            server = await server.RestartAsync();
            (await RevocationClient.PostFormAsync(server, "revoke", agent, ("token", second))).Dispose();
            var elapsed = await restartedApi.WaitUntilRefusedAsync(second, TimeSpan.FromSeconds(20));
            output.WriteLine($"revoke after server restart -> API refusal: {elapsed?.TotalMilliseconds:F0} ms (includes reconnect back-off)");
            Assert.NotNull(elapsed);
            Assert.Equal(HttpStatusCode.Unauthorized, await restartedApi.CallAsync(first));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Npgsql;
using Xunit.Abstractions;

namespace Mandate.Cluster.Tests;

/// <summary>
/// PostgreSQL LISTEN/NOTIFY between the nodes: a change committed through one node reaches the others (and the APIs
/// subscribed to their revocation feeds) in milliseconds, not at the next poll, which is 30 s while listening.
/// </summary>
[Collection(ClusterFixture.Collection)]
public sealed class ChangeNotificationClusterTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    [Fact(DisplayName = "RFC 7009 §2: a token revoked at node 3 is refused within 1 s by an API subscribed to node 1's revocation feed")]
    public async Task RevokedAtNode3_RefusedByTheApiOnNode1sFeedWithinOneSecond()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "notify-a");
        await using var api = await ClusterApi.StartAsync(cluster.Issuer);
        // A first revocation proves the API's feed subscription is live before the measured one.
        var warmUp = await ClusterClient.GetTokenAsync(Http, cluster.Nodes[1], agent);
        Assert.True(await api.WaitUntilAcceptedAsync(warmUp, TimeSpan.FromSeconds(30)));
        await RevokeAsync(cluster.Nodes[2], agent, warmUp);
        Assert.NotNull(await api.WaitUntilRefusedAsync(warmUp, TimeSpan.FromSeconds(30)));

        var token = await ClusterClient.GetTokenAsync(Http, cluster.Nodes[1], agent);
        Assert.Equal(HttpStatusCode.OK, await api.CallAsync(token));
        await RevokeAsync(cluster.Nodes[2], agent, token);
        var refusedAfter = await api.WaitUntilRefusedAsync(token, TimeSpan.FromSeconds(30));

        output.WriteLine($"the API refused the token {refusedAfter?.TotalMilliseconds:F0} ms after node 3 answered the revocation");
        Assert.NotNull(refusedAfter);
        Assert.True(refusedAfter < Bound, $"refused after {refusedAfter?.TotalMilliseconds:F0} ms");
    }

    [Fact(DisplayName = "RFC 6749 §5.2: an agent suspended at node 1 gets invalid_client from node 2 within 1 s")]
    public async Task SuspendedAtNode1_RefusedAtNode2WithinOneSecond()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "notify-b");
        await ClusterClient.GetTokenAsync(Http, cluster.Nodes[1], agent);

        (await cluster.Nodes[0].AdminAsync("agent", "suspend", agent.ClientId)).AssertExitCode(0);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await ClusterClient.RequestTokenAsync(Http, cluster.Nodes[1], agent);
            if (response.StatusCode == HttpStatusCode.Unauthorized || response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Equal("invalid_client", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "node 2 still issues tokens after 30 s");
            await Task.Delay(10);
        }

        output.WriteLine($"node 2 refused the suspended agent {clock.ElapsedMilliseconds} ms after the admin command returned");
        Assert.True(clock.Elapsed < Bound, $"refused after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task KeyRotatedAtNode2_PublishedByEveryNodeWithinOneSecond_ApiKeepsAccepting()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "notify-c");
        await using var api = await ClusterApi.StartAsync(cluster.Issuer);

        // Node 1's bootstrap admin credentials, sent to node 2.
        var admin = cluster.Nodes[0].DataDirectory;
        var rotated = (await MandateCommand.RunAsync(Path.GetDirectoryName(admin)!,
            ["key", "rotate", "--json", "--server", cluster.Nodes[1].Url, "--data-dir", admin])).AssertExitCode(0);
        var kid = rotated.OutputJson().GetProperty("kid").GetString()!;
        var clock = Stopwatch.StartNew();
        foreach (var node in new[] { cluster.Nodes[0], cluster.Nodes[2] })
        {
            while (!(await Http.GetStringAsync(node.Url + "/jwks")).Contains(kid, StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{node.Url} does not publish {kid} after 30 s");
                await Task.Delay(10);
            }
        }

        output.WriteLine($"every node published the new key {clock.ElapsedMilliseconds} ms after node 2 rotated");
        Assert.True(clock.Elapsed < Bound, $"published after {clock.ElapsedMilliseconds} ms");
        foreach (var node in cluster.Nodes)
        {
            Assert.Equal(HttpStatusCode.OK, await api.CallAsync(await ClusterClient.GetTokenAsync(Http, node, agent)));
        }
    }

    [Fact]
    public async Task ListenConnectionsTerminated_NodesReconnectAndCatchUpOnARevocationMadeMeanwhile()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "notify-d");
        var token = await ClusterClient.GetTokenAsync(Http, cluster.Nodes[1], agent);
        var before = await ListenBackendsAsync();
        Assert.Equal(cluster.Nodes.Count, before.Count);

        await ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mandate-listen';");
        await RevokeAsync(cluster.Nodes[2], agent, token);

        var clock = Stopwatch.StartNew();
        while ((await ClusterClient.IntrospectAsync(Http, cluster.Nodes[0], agent, token)).GetProperty("active").GetBoolean())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "node 1 still reports the token active after 30 s");
            await Task.Delay(20);
        }

        output.WriteLine($"node 1 caught up {clock.ElapsedMilliseconds} ms after the revocation made while its listen connection was down");
        while ((await ListenBackendsAsync()).Count < cluster.Nodes.Count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the nodes did not listen again within 30 s");
            await Task.Delay(50);
        }

        Assert.Empty((await ListenBackendsAsync()).Intersect(before));
    }

    private static async Task RevokeAsync(MandateNode node, AgentCredentials agent, string token)
    {
        using var revoke = ClusterClient.Request(node, "/revoke", agent, ("token", token));
        using var response = await Http.SendAsync(revoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<List<int>> ListenBackendsAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'mandate-listen' AND datname = current_database();", connection);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

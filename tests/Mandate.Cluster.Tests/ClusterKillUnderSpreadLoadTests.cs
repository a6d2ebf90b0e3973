using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace Mandate.Cluster.Tests;

/// <summary>kill -9 of one node while clients spread their load over three nodes of one PostgreSQL store.</summary>
[Collection(ClusterFixture.Collection)]
public sealed class ClusterKillUnderSpreadLoadTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact(DisplayName = "kill -9 of one of three loaded nodes: every token any node sent has its audit record, the survivors answer only 200, the killed node restarts and serves")]
    public async Task OneOfThreeLoadedNodesKilled_EveryTokenAudited_SurvivorsOnly200_RestartedNodeServes()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "spread-kill");
        var victim = await MandateNode.StartAsync(cluster.Issuer, cluster.Environment);
        MandateNode[] nodes = [cluster.Nodes[0], cluster.Nodes[1], victim];
        var received = new ConcurrentBag<string>();
        var perNode = new int[nodes.Length];
        var survivorsNot200 = new ConcurrentBag<string>();
        var victimConnectionErrors = 0;
        using var stop = new CancellationTokenSource();
        try
        {
            // Six clients, each going round the three nodes in turn.
            var load = Enumerable.Range(0, 6).Select(client => Task.Run(async () =>
            {
                for (var turn = client; !stop.IsCancellationRequested; turn++)
                {
                    var index = turn % nodes.Length;
                    try
                    {
                        using var response = await ClusterClient.RequestTokenAsync(Http, nodes[index], agent);
                        var body = await response.Content.ReadAsStringAsync();
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            received.Add(JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!);
                            Interlocked.Increment(ref perNode[index]);
                        }
                        else if (index != 2)
                        {
                            survivorsNot200.Add($"{(int)response.StatusCode} from node {index + 1}: {body}");
                        }
                    }
                    catch (Exception ex) when (index == 2 && ex is HttpRequestException or System.Net.Sockets.SocketException)
                    {
                        // The killed node: a refused or reset connection is what a client sees.
                        Interlocked.Increment(ref victimConnectionErrors);
                    }
                }
            })).ToArray();

            var clock = Stopwatch.StartNew();
            while (Volatile.Read(ref perNode[2]) < 30 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            Process.GetProcessById(victim.Process.ProcessId).Kill();   // SIGKILL: no shutdown hook runs
            var killedAt = received.Count;
            await Task.Delay(1500);   // the survivors keep taking the whole load
            stop.Cancel();
            await Task.WhenAll(load);

            output.WriteLine($"tokens per node {string.Join('/', perNode)}; {killedAt} received before the kill, {received.Count} in all; {victimConnectionErrors} connection errors from the killed node");
            Assert.True(perNode.All(count => count >= 30), $"the load did not reach every node: {string.Join('/', perNode)}");
            Assert.True(received.Count > killedAt, "the survivors served nothing after the kill");
            Assert.Empty(survivorsNot200);

            var jtis = received.Select(ClusterClient.Jti).Distinct().ToArray();
            await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT count(DISTINCT jti) FROM audit_records WHERE jti = ANY($1);", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = jtis });
                var audited = (long)(await command.ExecuteScalarAsync())!;
                output.WriteLine($"{jtis.Length} distinct tokens received, {audited} audited");
                Assert.Equal(jtis.Length, audited);
            }
        }
        finally
        {
            await victim.DisposeAsync();
        }

        // The killed node comes back on its address and the same store, and serves.
        await using var restarted = await MandateNode.StartAsync(cluster.Issuer, cluster.Environment, victim.Url);
        using var after = await ClusterClient.RequestTokenAsync(Http, restarted, agent);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}

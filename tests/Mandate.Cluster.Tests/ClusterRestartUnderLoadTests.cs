using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace Mandate.Cluster.Tests;

/// <summary>PostgreSQL restarted (fast shutdown, then start) while clients load all three nodes.</summary>
[Collection(ClusterFixture.Collection)]
public sealed class ClusterRestartUnderLoadTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact(DisplayName = "RFC 9110 §15.6.4: PostgreSQL restarted under load on three nodes → only 200 or 503 + Retry-After, every token audited, every node serves again")]
    public async Task PostgreSqlRestartedUnderLoad_No500_EveryTokenAudited_EveryNodeServesAgain()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "restart-a");
        var received = new ConcurrentBag<string>();
        var unavailable = 0;
        var unexpected = new ConcurrentBag<string>();
        var restarted = false;
        var servedAfterRestart = new int[cluster.Nodes.Count];
        using var stop = new CancellationTokenSource();

        // Two clients per node.
        var load = Enumerable.Range(0, cluster.Nodes.Count * 2).Select(client => Task.Run(async () =>
        {
            var index = client % cluster.Nodes.Count;
            while (!stop.IsCancellationRequested)
            {
                using var response = await ClusterClient.RequestTokenAsync(Http, cluster.Nodes[index], agent);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    received.Add(JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!);
                    if (Volatile.Read(ref restarted))
                    {
                        Interlocked.Increment(ref servedAfterRestart[index]);
                    }
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null
                         && !body.Contains("access_token", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref unavailable);
                    await Task.Delay(50);
                }
                else
                {
                    unexpected.Add($"{(int)response.StatusCode} from node {index + 1}: {body}");
                }
            }
        })).ToArray();

        await WaitAsync(() => received.Count >= 60, "60 tokens before the restart");
        cluster.Database.StopServer();
        try
        {
            await WaitAsync(() => Volatile.Read(ref unavailable) > 0, "a 503 while PostgreSQL is down");
        }
        finally
        {
            cluster.Database.StartServer();
        }

        var clock = Stopwatch.StartNew();
        Volatile.Write(ref restarted, true);
        await WaitAsync(() => Enumerable.Range(0, servedAfterRestart.Length).All(i => Volatile.Read(ref servedAfterRestart[i]) > 0), "a token from every node after the restart");
        output.WriteLine($"every node issued tokens again {clock.ElapsedMilliseconds} ms after PostgreSQL accepted connections");
        stop.Cancel();
        await Task.WhenAll(load);

        Assert.Empty(unexpected);
        var jtis = received.Select(ClusterClient.Jti).Distinct().ToArray();
        await using var connection = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(DISTINCT jti) FROM audit_records WHERE jti = ANY($1);", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jtis });
        var audited = (long)(await command.ExecuteScalarAsync())!;
        output.WriteLine($"{jtis.Length} tokens received, {audited} audited, {unavailable} answers 503 with Retry-After");
        Assert.Equal(jtis.Length, audited);
        Assert.All(cluster.Nodes, node => Assert.False(node.Process.HasExited));
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"no {what} within 30 s");
            await Task.Delay(20);
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Npgsql;
using Xunit.Abstractions;

namespace Mandate.Cluster.Tests;

/// <summary>Faults of a three-node cluster: PostgreSQL restarting, a node killed with SIGKILL under load.</summary>
[Collection(ClusterFixture.Collection)]
public sealed class ClusterFaultTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact(DisplayName = "RFC 6749 §5.2 / RFC 9110 §10.2.3: PostgreSQL down → /token 503 with Retry-After, /readyz unhealthy; back → served again without a restart")]
    public async Task PostgreSqlStopped_TokenIs503WithRetryAfter_ThenRecoversWithoutRestart()
    {
        var node = cluster.Nodes[1];
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "fault-a");
        Assert.Equal(HttpStatusCode.OK, (await ClusterClient.RequestTokenAsync(Http, node, agent)).StatusCode);

        cluster.Database.StopServer();
        try
        {
            using var down = await ClusterClient.RequestTokenAsync(Http, node, agent);
            var body = await down.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.NotNull(down.Headers.RetryAfter);
            Assert.DoesNotContain("access_token", body, StringComparison.Ordinal);
            Assert.Equal("temporarily_unavailable", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
            using var ready = await Http.GetAsync(node.Url + "/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            cluster.Database.StartServer();
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await ClusterClient.RequestTokenAsync(Http, node, agent);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"still {(int)response.StatusCode} 30 s after PostgreSQL came back");
            await Task.Delay(100);
        }

        output.WriteLine($"first token {clock.ElapsedMilliseconds} ms after PostgreSQL accepted connections again");
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(node.Url + "/readyz")).StatusCode);
        Assert.False(node.Process.HasExited);
    }

    [Fact]
    public async Task NodeKilledWithSigkillUnderLoad_EveryTokenAClientReceivedHasItsAuditRecord()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "fault-b");
        await using var victim = await MandateNode.StartAsync(cluster.Issuer, cluster.Environment);
        var received = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        // Four clients hammer the victim; the other nodes keep serving.
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await ClusterClient.RequestTokenAsync(Http, victim, agent);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        received.Add(JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException)
                {
                    // The node is gone: what matters is what the clients had received.
                }
            }
        })).ToArray();

        var clock = Stopwatch.StartNew();
        while (received.Count < 50 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        Process.GetProcessById(victim.Process.ProcessId).Kill();   // SIGKILL
        await Task.Delay(500);
        stop.Cancel();
        await Task.WhenAll(load);

        var jtis = received.Select(ClusterClient.Jti).Distinct().ToArray();
        Assert.True(jtis.Length >= 50, $"only {jtis.Length} tokens before the kill");
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(DISTINCT jti) FROM audit_records WHERE jti = ANY($1);", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jtis });
        var audited = (long)(await command.ExecuteScalarAsync())!;
        output.WriteLine($"{jtis.Length} tokens received before SIGKILL, {audited} of them audited");
        Assert.Equal(jtis.Length, audited);

        // The other nodes keep serving.
        Assert.Equal(HttpStatusCode.OK, (await ClusterClient.RequestTokenAsync(Http, cluster.Nodes[2], agent)).StatusCode);
    }
}

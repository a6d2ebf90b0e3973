using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.Cluster.Tests;

/// <summary>Three <c>mandate serve</c> processes on one PostgreSQL database act as one authorization server.</summary>
[Collection(ClusterFixture.Collection)]
public sealed class ThreeNodeClusterTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact(DisplayName = "RFC 7662 §2.2: an agent created through node 1 gets a token from node 2 that node 3 introspects as active")]
    public async Task AgentFromNode1_TokenFromNode2_ActiveAtNode3()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "cluster-a");

        var token = await ClusterClient.GetTokenAsync(Http, cluster.Nodes[1], agent);
        var introspection = await ClusterClient.IntrospectAsync(Http, cluster.Nodes[2], agent, token);

        Assert.True(introspection.GetProperty("active").GetBoolean(), introspection.ToString());
        Assert.Equal(agent.ClientId, introspection.GetProperty("client_id").GetString());
        Assert.Equal(cluster.Issuer, introspection.GetProperty("iss").GetString());
    }

    [Fact(DisplayName = "RFC 7009 §2: a token revoked at node 3 is inactive at node 1")]
    public async Task RevokedAtNode3_InactiveAtNode1()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "cluster-b");
        var token = await ClusterClient.GetTokenAsync(Http, cluster.Nodes[1], agent);
        Assert.True((await ClusterClient.IntrospectAsync(Http, cluster.Nodes[0], agent, token)).GetProperty("active").GetBoolean());

        using (var revoke = ClusterClient.Request(cluster.Nodes[2], "/revoke", agent, ("token", token)))
        using (var response = await Http.SendAsync(revoke))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        // Node 1 learns of the revocation from the shared revocation log.
        var clock = Stopwatch.StartNew();
        while ((await ClusterClient.IntrospectAsync(Http, cluster.Nodes[0], agent, token)).GetProperty("active").GetBoolean())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "node 1 still reports the token active after 30 s");
            await Task.Delay(50);
        }

        output.WriteLine($"node 1 reported the token inactive {clock.ElapsedMilliseconds} ms after node 3 answered the revocation");
    }

    [Fact]
    public async Task EveryNode_PublishesTheSameSigningKeys()
    {
        var sets = await Task.WhenAll(cluster.Nodes.Select(n => Http.GetStringAsync(n.Url + "/jwks")));

        Assert.Contains("\"kid\"", sets[0], StringComparison.Ordinal);
        Assert.All(sets, set => Assert.Equal(Kids(sets[0]), Kids(set)));
    }

    private static string[] Kids(string jwks) =>
        [.. JsonDocument.Parse(jwks).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).Order(StringComparer.Ordinal)];
}

using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Mandate.Cluster.Tests;

/// <summary>Token Status Lists on three <c>mandate serve</c> nodes sharing one PostgreSQL store: indexes never shared by
/// two live tokens, and every node serves the same bits (draft-ietf-oauth-status-list).</summary>
[Collection(ClusterFixture.Collection)]
public sealed class StatusListClusterTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact(DisplayName = "draft-ietf-oauth-status-list §6.1: tokens issued concurrently by three nodes on one store never share a list index")]
    public async Task ConcurrentIssuanceOnThreeNodes_GivesDistinctIndexes()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "status-cluster-a");

        // 3 nodes x 60 tokens, 6 requests in flight per node, into 4 lists of 1,024: random probes collide often.
        var tokens = await Task.WhenAll(cluster.Nodes.Select(node => IssueAsync(node, agent, 60, 6)));
        var references = tokens.SelectMany(t => t).Select(Reference).ToList();

        Assert.Equal(180, references.Count);
        var duplicates = references.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "indexes held by two live tokens: " + string.Join(", ", duplicates));
        Assert.All(references, r => Assert.StartsWith(cluster.Issuer + "/statuslists/", r.Uri, StringComparison.Ordinal));
        output.WriteLine($"{references.Count} tokens over {references.Select(r => r.Uri).Distinct().Count()} list(s)");
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list §8: a token revoked at node 3 is INVALID in the list every node serves; its neighbour stays VALID")]
    public async Task RevokedAtNode3_BitSetInEveryNodesList()
    {
        var agent = await ClusterClient.CreateAgentAsync(cluster.Nodes[0], "status-cluster-b");
        var revoked = await ClusterClient.GetTokenAsync(Http, cluster.Nodes[1], agent);
        var kept = await ClusterClient.GetTokenAsync(Http, cluster.Nodes[0], agent);

        using (var revoke = ClusterClient.Request(cluster.Nodes[2], "/revoke", agent, ("token", revoked)))
        using (var response = await Http.SendAsync(revoke))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (uri, index) = Reference(revoked);
        var (keptUri, keptIndex) = Reference(kept);
        foreach (var node in cluster.Nodes)
        {
            // Each node reads the bits from the shared store: no wait for a poll.
            Assert.Equal(1, await ReadBitAsync(node.Url + new Uri(uri).AbsolutePath, index));
            Assert.Equal(0, await ReadBitAsync(node.Url + new Uri(keptUri).AbsolutePath, keptIndex));
        }
    }

    private static async Task<List<string>> IssueAsync(MandateNode node, Mandate.EndToEnd.Tests.Harness.AgentCredentials agent, int count, int parallel)
    {
        var tokens = new List<string>();
        for (var done = 0; done < count; done += parallel)
        {
            tokens.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(parallel, count - done)).Select(_ => ClusterClient.GetTokenAsync(Http, node, agent))));
        }

        return tokens;
    }

    private static (string Uri, int Index) Reference(string jwt)
    {
        using var payload = JsonDocument.Parse(Base64UrlDecode(jwt.Split('.')[1]));
        var list = payload.RootElement.GetProperty("status").GetProperty("status_list");
        return (list.GetProperty("uri").GetString()!, list.GetProperty("idx").GetInt32());
    }

    // §4.1: the bit of index i is bit (i % 8) of byte (i / 8) of the ZLIB-inflated lst; decoded here with the BCL only.
    private static async Task<int> ReadBitAsync(string listUrl, int index)
    {
        var jwt = await Http.GetStringAsync(listUrl);
        using var payload = JsonDocument.Parse(Base64UrlDecode(jwt.Split('.')[1]));
        var lst = Base64UrlDecode(payload.RootElement.GetProperty("status_list").GetProperty("lst").GetString()!);
        using var zlib = new ZLibStream(new MemoryStream(lst), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        await zlib.CopyToAsync(bits);
        return (bits.ToArray()[index / 8] >> (index % 8)) & 1;
    }

    private static byte[] Base64UrlDecode(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }
}

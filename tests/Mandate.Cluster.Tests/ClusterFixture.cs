using System.Globalization;
using System.Security.Cryptography;
using Mandate.EndToEnd.Tests.Harness;
using Mandate.Testing;
using Npgsql;

namespace Mandate.Cluster.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster and three <c>mandate serve --store postgres</c> processes on one database, with
/// one shared key-encryption key and one public issuer URL (the first node's), as docs/deployment.md describes.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The collection every cluster test class joins, so the run starts one cluster.</summary>
    public const string Collection = "Cluster";

    /// <summary>The nodes' key propagation delay: a rotated key is published this long before it signs.</summary>
    internal static readonly TimeSpan KeyPropagationDelay = TimeSpan.FromSeconds(8);

    private readonly List<MandateNode> _nodes = [];

    internal PostgreSqlCluster Database { get; private set; } = null!;

    internal IReadOnlyList<MandateNode> Nodes => _nodes;

    internal string Issuer => _nodes[0].Url;

    internal string ConnectionString { get; private set; } = "";

    /// <summary>What every node gets: the connection string and the shared key-encryption key.</summary>
    internal IReadOnlyDictionary<string, string?> Environment { get; private set; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Database = PostgreSqlCluster.Start();
        await using (var connection = new NpgsqlConnection(Database.ConnectionString() + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE mandate;", connection);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = Database.ConnectionString("mandate");
        Environment = new Dictionary<string, string?>
        {
            ["MANDATE_POSTGRES_CONNECTION"] = ConnectionString,
            ["MANDATE_KEY_ENCRYPTION_KEY"] = Base64Url(RandomNumberGenerator.GetBytes(32)),
            // Small status lists (4 x 1,024 indexes), so the nodes' random index probes collide often and the shared
            // store's atomic allocation is what keeps two live tokens off one index (StatusListClusterTests).
            ["Mandate__StatusList__ListSize"] = "1024",
            ["Mandate__StatusList__ListCount"] = "4",
            // A short propagation delay, checked every second, so a rotation's activation on every node is observed
            // within the test (ChangeNotificationClusterTests); the default is 15 min.
            ["Mandate__KeyPropagationDelay"] = KeyPropagationDelay.ToString("c", CultureInfo.InvariantCulture),
            ["Mandate__KeyRotationCheckInterval"] = "00:00:01",
        };

        // The first node migrates the schema, generates the signing key and bootstraps the admin agent; the others
        // start on the shared state. The issuer is the first node's URL on every node.
        var firstUrl = FreePort.NextLoopbackUrl();
        _nodes.Add(await MandateNode.StartAsync(firstUrl, Environment, firstUrl));
        _nodes.Add(await MandateNode.StartAsync(firstUrl, Environment));
        _nodes.Add(await MandateNode.StartAsync(firstUrl, Environment));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Database?.Dispose();
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

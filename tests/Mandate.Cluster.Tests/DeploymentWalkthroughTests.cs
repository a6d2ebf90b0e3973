using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Mandate.EndToEnd.Tests.Harness;
using Npgsql;
using Xunit.Abstractions;

namespace Mandate.Cluster.Tests;

/// <summary>
/// docs/deployment.md's "Three nodes on a local PostgreSQL, step by step", run as a newcomer would: the SQL of step 1,
/// the connection string and key-encryption key command of step 2 and the three serve command lines of step 3 are read
/// from the page and executed (on the test's PostgreSQL: its port, and a role and database named walkthrough instead of
/// mandate, which the test cluster's superuser already is), then the page's claim is checked: an agent created through
/// node 1 gets a token from node 2 that node 3 introspects, and a token revoked at one node is refused by all.
/// </summary>
[Collection(ClusterFixture.Collection)]
public sealed partial class DeploymentWalkthroughTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task ThreeNodeWalkthrough_AsWritten_ServesTokensAcrossNodes()
    {
        var block = Walkthrough();

        // Step 1: the role and the database.
        var statements = PsqlCommand().Matches(block).Select(m => Rename(m.Groups["sql"].Value)).ToList();
        Assert.Equal(2, statements.Count);
        await using (var admin = new NpgsqlConnection(cluster.Database.ConnectionString() + ";Pooling=false"))
        {
            await admin.OpenAsync();
            foreach (var sql in statements)
            {
                await using var command = new NpgsqlCommand(sql, admin);
                await command.ExecuteNonQueryAsync();
            }
        }

        // Step 2: what the nodes share.
        var connection = Rename(ExportConnection().Match(block).Groups["value"].Value).Replace("Port=5432", $"Port={cluster.Database.Port}", StringComparison.Ordinal);
        Assert.Contains($"Port={cluster.Database.Port}", connection, StringComparison.Ordinal);
        var password = new NpgsqlConnectionStringBuilder(connection).Password;
        Assert.False(string.IsNullOrEmpty(password));
        var kek = await RunShellAsync(ExportKek().Match(block).Groups["command"].Value);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", kek);
        var environment = new Dictionary<string, string?> { ["MANDATE_POSTGRES_CONNECTION"] = connection, ["MANDATE_KEY_ENCRYPTION_KEY"] = kek };

        // Step 3: the three nodes, on free ports instead of 5081-5083, in one working folder (./node1 ... ./node3).
        var lines = ServeLine().Matches(block).Select(m => m.Groups["args"].Value).ToList();
        Assert.Equal(3, lines.Count);
        var ports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var documented in lines.SelectMany(l => DocumentedUrl().Matches(l).Select(m => m.Value)).Distinct())
        {
            ports[documented] = FreePort.NextLoopbackUrl();
        }

        using var folder = new TempDirectory("walkthrough");
        var nodes = new List<MandateNode>();
        try
        {
            foreach (var line in lines)
            {
                var arguments = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => ports.GetValueOrDefault(a, a)).ToArray();
                var url = arguments[Array.IndexOf(arguments, "--urls") + 1];
                var dataDirectory = Path.Combine(folder.Path, arguments[Array.IndexOf(arguments, "--data-dir") + 1]);
                nodes.Add(await MandateNode.StartAsync(url, arguments, folder.Path, dataDirectory, environment));
            }

            // "Each node prints store: postgres://mandate@127.0.0.1:5432/mandate (never the password)".
            foreach (var node in nodes)
            {
                await node.Process.WaitForOutputLineAsync(l => l.StartsWith("store:", StringComparison.Ordinal));
                var store = $"postgres://walkthrough@127.0.0.1:{cluster.Database.Port}/walkthrough";
                Assert.Contains(node.Process.Output.Lines, l => l.StartsWith("store:", StringComparison.Ordinal) && l.EndsWith(store, StringComparison.Ordinal));
                Assert.DoesNotContain(node.Process.Output.Lines, l => l.Contains(password!, StringComparison.Ordinal));
            }

            // "its admin-credentials.json is in ./node1".
            Assert.True(File.Exists(Path.Combine(folder.Path, "node1", "admin-credentials.json")));

            var agent = await ClusterClient.CreateAgentAsync(nodes[0], "walkthrough-bot");
            var token = await ClusterClient.GetTokenAsync(Http, nodes[1], agent);
            Assert.True((await ClusterClient.IntrospectAsync(Http, nodes[2], agent, token)).GetProperty("active").GetBoolean());

            using (var revoke = ClusterClient.Request(nodes[0], "/revoke", agent, ("token", token)))
            using (var revoked = await Http.SendAsync(revoke))
            {
                Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            }

            var clock = Stopwatch.StartNew();
            foreach (var node in nodes.Skip(1))
            {
                while ((await ClusterClient.IntrospectAsync(Http, node, agent, token)).GetProperty("active").GetBoolean())
                {
                    Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{node.Url} still reports the revoked token active");
                    await Task.Delay(20);
                }
            }

            output.WriteLine($"revoked at node 1, inactive at nodes 2 and 3 after {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static string Walkthrough()
    {
        var page = File.ReadAllText(Path.Combine(RepoLayout.Root, "docs", "deployment.md"));
        var start = page.IndexOf("## Three nodes on a local PostgreSQL, step by step", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/deployment.md has no three-node walkthrough");
        var open = page.IndexOf("```console\n", start, StringComparison.Ordinal) + "```console\n".Length;
        return page[open..page.IndexOf("```", open, StringComparison.Ordinal)];
    }

    // The test cluster's superuser is called mandate: the walkthrough's role and database become walkthrough.
    private static string Rename(string text) => MandateName().Replace(text, "walkthrough");

    private static async Task<string> RunShellAsync(string command)
    {
        using var shell = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true })!;
        var result = (await shell.StandardOutput.ReadToEndAsync()).Trim();
        await shell.WaitForExitAsync();
        Assert.Equal(0, shell.ExitCode);
        return result;
    }

    [GeneratedRegex("""psql -c "(?<sql>[^"]+)";?""")]
    private static partial Regex PsqlCommand();

    [GeneratedRegex("""export MANDATE_POSTGRES_CONNECTION='(?<value>[^']+)'""")]
    private static partial Regex ExportConnection();

    [GeneratedRegex("""export MANDATE_KEY_ENCRYPTION_KEY=\$\((?<command>.+)\)\s*$""", RegexOptions.Multiline)]
    private static partial Regex ExportKek();

    [GeneratedRegex("""^dotnet run --project src/Mandate\.Cli -- (?<args>serve .+?) &\s*$""", RegexOptions.Multiline)]
    private static partial Regex ServeLine();

    [GeneratedRegex(@"http://127\.0\.0\.1:508\d")]
    private static partial Regex DocumentedUrl();

    [GeneratedRegex(@"\bmandate\b(?!-)")]
    private static partial Regex MandateName();
}

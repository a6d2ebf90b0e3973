using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;
using Mandate.Testing;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate trust add|list|remove</c> against a real <c>mandate serve</c>.</summary>
public sealed class TrustCommandTests(ServeFixture server) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task Add_List_Remove_WithStaticJwksFile()
    {
        using var spire = new TestIssuer("https://spire.corp.example", "ES256");
        string file = Path.Combine(server.Root, "spire-jwks.json");
        await File.WriteAllTextAsync(file, spire.Jwks);
        AgentCredentials agent = await server.Cli.CreateAgentAsync("spiffe-workload");

        CliResult added = (await server.Cli.RunAsync(
            "trust", "add", "spire", "--issuer", spire.Issuer, "--jwks", file, "--audience", "https://mandate.example",
            "--maps-to-agent", agent.ClientId, "--allowed-subject", "spiffe://corp.example/ns/prod/*", "--scope", "invoices:read", "--max-lifetime", "2m")).AssertOk();
        Assert.Contains("Trusted issuer spire added", added.Stdout);

        CliResult list = (await server.Cli.RunAsync("trust", "list")).AssertOk();
        string[] lines = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+ISSUER\s+KEYS\s+MAPS-TO-AGENT\s+SCOPES$", lines[0]);
        Assert.Contains(lines, l => l.Contains("spire", StringComparison.Ordinal) && l.Contains("static", StringComparison.Ordinal) && l.Contains(agent.ClientId, StringComparison.Ordinal));

        CliResult json = (await server.Cli.RunAsync("trust", "list", "--json")).AssertOk();
        using (JsonDocument document = JsonDocument.Parse(json.Stdout))
        {
            JsonElement spireJson = document.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "spire");
            Assert.Equal(120, spireJson.GetProperty("max_token_lifetime_seconds").GetInt64());
            Assert.Equal("spiffe://corp.example/ns/prod/*", spireJson.GetProperty("allowed_subjects")[0].GetString());
        }

        (await server.Cli.RunAsync("trust", "add", "spire", "--issuer", spire.Issuer, "--jwks", file)).AssertOneLineError(6);
        (await server.Cli.RunAsync("trust", "remove", "spire")).AssertOk();
        (await server.Cli.RunAsync("trust", "remove", "spire")).AssertOneLineError(5);
    }

    [Fact]
    public async Task Add_BothOrNeitherKeySource_IsAUsageError()
    {
        (await server.Cli.RunAsync("trust", "add", "x", "--issuer", "https://x.example")).AssertOneLineError(2);
        (await server.Cli.RunAsync("trust", "add", "x", "--issuer", "https://x.example", "--jwks-uri", "https://x.example/jwks", "--jwks", "f.json")).AssertOneLineError(2);
    }

    [Fact]
    public async Task Add_PlainHttpJwksUri_IsRefusedByTheServer()
    {
        (await server.Cli.RunAsync("trust", "add", "plain", "--issuer", "https://x.example", "--jwks-uri", "http://x.example/jwks")).AssertOneLineError(2);
    }
}

using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate admin create|list|revoke|retire-bootstrap</c> against a real <c>mandate serve</c> (its own data
/// folder: retiring the bootstrap admin deletes its credentials file).</summary>
public sealed class OperatorCommandTests(OperatorServeFixture server) : IClassFixture<OperatorServeFixture>
{
    private static (string Id, string Secret) Credentials(CliResult created)
    {
        using JsonDocument json = JsonDocument.Parse(created.Stdout);
        return (json.RootElement.GetProperty("client_id").GetString()!, json.RootElement.GetProperty("client_secret").GetString()!);
    }

    private CliRunner As((string Id, string Secret) operatorClient) => server.Cli.WithEnvironment(
        ("MANDATE_ADMIN_CLIENT_ID", operatorClient.Id), ("MANDATE_ADMIN_CLIENT_SECRET", operatorClient.Secret));

    [Fact]
    public async Task ReadOnlyOperator_Lists_ButSuspendIsRefusedNamingTheScope_ThenRetireBootstrap()
    {
        // A read-only operator, created by the bootstrap admin.
        var reader = Credentials((await server.Cli.RunAsync("admin", "create", "reader-cli", "--owner", "ann@example.com", "--scope", "mandate:read", "--json")).AssertOk());
        CliResult agent = (await server.Cli.RunAsync("agent", "create", "bot", "--scope", "read", "--audience", "https://api.example.test", "--owner", "ann@example.com", "--json")).AssertOk();
        string agentId = JsonDocument.Parse(agent.Stdout).RootElement.GetProperty("client_id").GetString()!;

        Assert.Contains(agentId, (await As(reader).RunAsync("agent", "list")).AssertOk().Stdout);
        CliResult refused = await As(reader).RunAsync("agent", "suspend", agentId);
        refused.AssertOneLineError(4);
        Assert.Contains("mandate:agents", refused.Stderr);

        // admin list shows the operators with their scopes; a read-only operator cannot create one.
        CliResult listed = (await server.Cli.RunAsync("admin", "list")).AssertOk();
        Assert.Contains(listed.Stdout.Split('\n'), l => l.StartsWith(reader.Id, StringComparison.Ordinal) && l.Contains("mandate:read", StringComparison.Ordinal));
        Assert.DoesNotContain(agentId, listed.Stdout);
        (await As(reader).RunAsync("admin", "create", "sneaky", "--owner", "x@example.com", "--scope", "mandate:admin")).AssertOneLineError(4);
        (await server.Cli.RunAsync("admin", "create", "bad", "--owner", "x@example.com", "--scope", "tools:read")).AssertOneLineError(2);

        // Retiring the bootstrap admin needs another operator holding mandate:admin.
        (await server.Cli.RunAsync("admin", "retire-bootstrap")).AssertOneLineError(2);
        CliResult notFullAdmin = await As(reader).RunAsync("admin", "retire-bootstrap");
        notFullAdmin.AssertOneLineError(2);
        Assert.Contains("mandate:admin", notFullAdmin.Stderr);
        var root = Credentials((await server.Cli.RunAsync("admin", "create", "alice-cli", "--owner", "alice@example.com", "--scope", "mandate:admin", "--json")).AssertOk());
        string bootstrapFile = Path.Combine(server.DataDirectory, "admin-credentials.json");
        string bootstrapId = JsonDocument.Parse(File.ReadAllText(bootstrapFile)).RootElement.GetProperty("client_id").GetString()!;

        (await As(root).RunAsync("admin", "retire-bootstrap")).AssertOk();
        Assert.False(File.Exists(bootstrapFile));
        Assert.Contains("decommissioned", (await As(root).RunAsync("agent", "show", bootstrapId)).AssertOk().Stdout);

        // The named operator carries on; revoking the read-only one cuts it off; an ordinary agent is not an operator.
        (await As(root).RunAsync("admin", "revoke", agentId)).AssertOneLineError(2);
        (await As(root).RunAsync("admin", "revoke", reader.Id)).AssertOk();
        (await As(reader).RunAsync("agent", "list")).AssertOneLineError(4);
    }
}

/// <summary>A server of its own for <see cref="OperatorCommandTests"/>.</summary>
public sealed class OperatorServeFixture : ServeFixture;

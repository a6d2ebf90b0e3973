using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary>Issue 6 commands against a real `mandate serve`: key rotate/revoke, agent orphans, rotate-secret --revoke-tokens.
/// Own server: revoking the active key changes what later tokens are signed with.</summary>
public sealed class RevocationCommandTests(ServeFixture server) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task KeyRotate_PublishesPendingKey_KeyRevoke_RemovesIt()
    {
        CliResult rotated = (await server.Cli.RunAsync("key", "rotate", "--json")).AssertOk();
        using JsonDocument pending = JsonDocument.Parse(rotated.Stdout);
        string kid = pending.RootElement.GetProperty("kid").GetString()!;
        Assert.Equal("pending", pending.RootElement.GetProperty("state").GetString());

        CliResult revoked = (await server.Cli.RunAsync("key", "revoke", kid)).AssertOk();
        Assert.Contains(kid, revoked.Stdout);

        CliResult list = (await server.Cli.RunAsync("key", "list", "--json")).AssertOk();
        using JsonDocument keys = JsonDocument.Parse(list.Stdout);
        Assert.Contains(keys.RootElement.EnumerateArray(), k => k.GetProperty("kid").GetString() == kid && k.GetProperty("state").GetString() == "revoked");
    }

    [Fact]
    public async Task AgentOrphans_ListsAsJsonArray_RotateSecretRevokeTokens_Works()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("revoking-bot");

        CliResult orphans = (await server.Cli.RunAsync("agent", "orphans", "--json")).AssertOk();
        using JsonDocument document = JsonDocument.Parse(orphans.Stdout);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        (await server.Cli.RunAsync("agent", "orphans")).AssertOk();

        CliResult rotated = (await server.Cli.RunAsync("agent", "rotate-secret", agent.ClientId, "--revoke-tokens", "--json")).AssertOk();
        AgentCredentials fresh = AgentCredentials.Parse(rotated.Stdout);
        (await server.Cli.GetTokenAsync(fresh)).AssertOk();
    }
}

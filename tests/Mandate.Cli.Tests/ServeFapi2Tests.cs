using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate serve --profile fapi2</c>: the FAPI 2.0 Security Profile from the command line (docs/fapi2.md).</summary>
public sealed class ServeFapi2Tests(Fapi2ServeFixture server) : IClassFixture<Fapi2ServeFixture>
{
    [Fact(DisplayName = "FAPI 2.0 §5.3.2.1 items 1 and 6: serve --profile fapi2 starts, says so, and discovery lists private_key_jwt and ES256/PS256 only")]
    public async Task Serve_Fapi2_DiscoveryShowsProfile()
    {
        Assert.Contains("profile:           FAPI 2.0 Security Profile", server.ServeOutput, StringComparison.Ordinal);
        using var http = new HttpClient();
        using JsonDocument metadata = JsonDocument.Parse(await http.GetStringAsync(server.Url + "/.well-known/oauth-authorization-server"));
        string[] Values(string name) => [.. metadata.RootElement.GetProperty(name).EnumerateArray().Select(v => v.GetString()!)];
        Assert.Equal(["private_key_jwt"], Values("token_endpoint_auth_methods_supported"));
        Assert.Equal(["ES256", "PS256"], Values("token_endpoint_auth_signing_alg_values_supported"));
        Assert.Equal(["ES256", "PS256"], Values("dpop_signing_alg_values_supported"));
    }

    [Fact(DisplayName = "FAPI 2.0 §5.3.2.1 item 6: under --profile fapi2 the admin CLI still works, and a secret agent's token request is refused with MND3552")]
    public async Task Serve_Fapi2_SecretAgentRefused_AdminWorks()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("fapi-secret-bot", "tools:read");
        CliResult refused = await server.Cli.GetTokenAsync(agent, null, "--dpop");
        refused.AssertOneLineError(ExitCodes.AuthenticationFailed);
        Assert.Contains("MND3552", refused.Stderr);
        (await server.Cli.RunAsync("agent", "update", agent.ClientId, "--dpop", "required")).AssertOk();
    }

    [Fact]
    public async Task Serve_ProfileOtherValue_IsAUsageError()
    {
        var result = await new CliRunner(server.Root).RunAsync("serve", "--urls", "http://127.0.0.1:0", "--profile", "fapi1");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }
}

using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary>Endpoints advertised under the public issuer are rebased onto the loopback address the CLI uses.</summary>
public sealed class PublicIssuerTests(PublicIssuerServeFixture server) : IClassFixture<PublicIssuerServeFixture>
{
    [Fact]
    public async Task AdminTokenAndInspect_WorkThroughLoopbackAddress()
    {
        Assert.Contains($"issuer:            {PublicIssuerServeFixture.Issuer}", server.ServeOutput);
        AgentCredentials agent = await server.Cli.CreateAgentAsync("proxied-bot");

        string token = (await server.Cli.GetTokenAsync(agent)).AssertOk().Stdout.Trim();
        CliResult inspect = (await server.Cli.RunAsync("token", "inspect", token)).AssertOk();
        Assert.Contains(PublicIssuerServeFixture.Issuer, inspect.Stdout);
        Assert.Contains("signature: valid", inspect.Stdout);
    }
}

// Oversized credentials are bounded work and a plain invalid_client, never a 5xx.
using System.Text;
using Mandate.Server.Tests.Harness;

namespace Mandate.Server.Tests.ClientAuthentication;

public sealed class OversizedCredentialTests : IAsyncLifetime
{
    private ServerHarness _server = null!;
    private string _clientId = "";

    public async Task InitializeAsync()
    {
        _server = await ServerHarness.CreateAsync();
        _clientId = (await _server.CreateAgentAsync()).Agent.ClientId;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "A 4 KiB Basic header is invalid_client")]
    public async Task HugeBasicHeader_IsInvalidClient()
    {
        var header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(_clientId + ":" + new string('x', 4096)));
        var result = await _server.PostTokenAsync("grant_type=client_credentials", header);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "A 10 KB client_secret is invalid_client")]
    public async Task HugeSecret_IsInvalidClient()
    {
        var body = ServerHarness.Form(("grant_type", "client_credentials"), ("client_id", _clientId), ("client_secret", new string('x', 10_000)));
        var result = await _server.PostTokenAsync(body);
        Assert.Equal(401, result.StatusCode);
    }

    [Fact(DisplayName = "A 12 KB client_assertion is invalid_client")]
    public async Task HugeAssertion_IsInvalidClient()
    {
        var assertion = "eyJhbGciOiJFUzI1NiJ9." + new string('A', 12_000) + ".sig";
        var body = ServerHarness.Form(("grant_type", "client_credentials"), ("client_assertion_type", Mandate.Testing.ClientAssertions.Type), ("client_assertion", assertion));
        var result = await _server.PostTokenAsync(body);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("invalid_client", result.Error);
    }
}

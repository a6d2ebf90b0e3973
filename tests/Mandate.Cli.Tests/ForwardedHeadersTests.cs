using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Cli.Serve;
using Mandate.Cli.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Mandate.Cli.Tests;

/// <summary>Behind a reverse proxy: X-Forwarded-For is believed only from a configured proxy (docs/deployment.md).</summary>
public sealed class ForwardedHeadersTests
{
    private static async Task<string?> ClientAddressOfTokenRequestAsync(ServeFixture server)
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("proxied");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url + "/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("resource", CliRunnerExtensions.Api)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(agent.ClientId + ":" + agent.ClientSecret)));
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        CliResult audit = (await server.Cli.RunAsync("audit", "--agent", agent.ClientId, "--type", "token.issued", "--json")).AssertOk();
        string line = audit.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).First();
        return JsonDocument.Parse(line).RootElement.GetProperty("client_address").GetString();
    }

    [Fact(DisplayName = "RFC 7239 §8.1 (forwarded headers are only as good as the proxy that set them): from a known proxy the audit records the forwarded client address")]
    public async Task KnownProxy_ForwardedAddressIsAudited()
    {
        var server = new ForwardingServeFixture("127.0.0.1");
        await server.InitializeAsync();
        try
        {
            Assert.Equal("203.0.113.7", await ClientAddressOfTokenRequestAsync(server));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact(DisplayName = "RFC 7239 §8.1: the same headers from an address that is not a configured proxy are ignored")]
    public async Task UnknownSource_ForwardedHeadersIgnored()
    {
        var server = new ForwardingServeFixture("10.9.9.9");
        await server.InitializeAsync();
        try
        {
            Assert.Equal("127.0.0.1", await ClientAddressOfTokenRequestAsync(server));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("KnownProxies:0", "not-an-address")]
    [InlineData("KnownNetworks:0", "10.0.0.0/99")]
    [InlineData("ForwardLimit", "0")]
    public void InvalidSetting_IsOneStartUpLine(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mandate:ForwardedHeaders:KnownProxies:1"] = "10.0.0.5",
            ["Mandate:ForwardedHeaders:" + key] = value,
        }).Build();
        CliException error = Assert.Throws<CliException>(() => ForwardedHeadersSetup.Read(configuration));
        Assert.StartsWith("MND1550: Mandate:ForwardedHeaders:", error.Message);
    }

    [Fact]
    public void NothingConfigured_MiddlewareOff()
    {
        Assert.Null(ForwardedHeadersSetup.Read(new ConfigurationBuilder().Build()));
    }
}

/// <summary>A server whose mandate.json trusts one proxy address.</summary>
public sealed class ForwardingServeFixture(string proxy) : ServeFixture
{
    protected override void BeforeStart() =>
        File.WriteAllText(Path.Combine(Root, "mandate.json"), "{\"Mandate\":{\"ForwardedHeaders\":{\"KnownProxies\":[\"" + proxy + "\"]}}}");
}

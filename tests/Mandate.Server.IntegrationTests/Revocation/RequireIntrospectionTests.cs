using System.Net;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Revocation;

/// <summary>Issue 6 §2: .RequireIntrospection() asks the issuer (RFC 7662) before a high-risk operation.</summary>
public sealed class RequireIntrospectionTests
{
    [Fact(DisplayName = "RequireIntrospection: active token runs; after revocation the endpoint answers 401 via introspection")]
    public async Task HighRiskEndpoint_IntrospectsBeforeAndAfterRevocation()
    {
        await using var server = await MandateTestServer.StartAsync();
        var introspector = await RevocationClient.CreateAgentAsync(server, ["mandate:introspect"], [RevocationClient.Api]);
        await using var api = await FeedApiHost.StartAsync(server.Issuer, introspector);
        var agent = await RevocationClient.CreateAgentAsync(server);
        var token = await RevocationClient.TokenAsync(server, agent);

        Assert.Equal(HttpStatusCode.OK, await api.DeployAsync(token));
        Assert.Contains(api.BackchannelPaths, p => p.EndsWith("/introspect", StringComparison.Ordinal));

        (await RevocationClient.PostFormAsync(server, "revoke", agent, ("token", token))).Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, await api.DeployAsync(token));
    }

    [Fact(DisplayName = "RequireIntrospection: wrong introspection credentials fail closed with 401")]
    public async Task HighRiskEndpoint_BadCredentials_FailsClosed()
    {
        await using var server = await MandateTestServer.StartAsync();
        await using var api = await FeedApiHost.StartAsync(server.Issuer, new TestAgent("agt_unknown", "mnd_wrong", default));
        var agent = await RevocationClient.CreateAgentAsync(server);
        var token = await RevocationClient.TokenAsync(server, agent);

        Assert.Equal(HttpStatusCode.OK, await api.CallAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, await api.DeployAsync(token));
    }
}

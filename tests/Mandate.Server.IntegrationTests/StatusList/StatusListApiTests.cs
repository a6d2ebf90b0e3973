// An API built on Mandate.ResourceServer with UseStatusList only (no revocation feed, no introspection): revocation
// reaches it through the Token Status List within the list's ttl, with no call to the issuer per request.
using System.Net;
using Mandate.Server.IntegrationTests.Revocation;
using Mandate.Server.StatusList;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.StatusList;

public sealed class StatusListApiTests : IAsyncLifetime
{
    private MandateTestServer _server = null!;
    private FeedApiHost _api = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            ConfigureServices = services => services.AddMandateStatusList(o =>
            {
                o.ListSize = 4096;
                o.TimeToLive = TimeSpan.FromSeconds(1);
            }),
        });
        _api = await FeedApiHost.StartAsync(_server.Issuer, configure: o =>
        {
            o.UseRevocationFeed = false;
            o.UseStatusList = true;
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list §8.3: a revoked token is refused within the list's ttl; a live one is still accepted")]
    public async Task Revoked_RefusedWithinTtl()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);
        var revoked = await RevocationClient.TokenAsync(_server, agent);
        var kept = await RevocationClient.TokenAsync(_server, agent);
        Assert.Equal(HttpStatusCode.OK, await _api.CallAsync(revoked));
        Assert.Equal(HttpStatusCode.OK, await _api.CallAsync(kept));

        using (var response = await RevocationClient.PostFormAsync(_server, "revoke", agent, ("token", revoked)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // ttl 1 s; the copy is refreshed in the background once it is older than that, so allow the ttl plus one fetch.
        var took = await _api.WaitUntilRefusedAsync(revoked, TimeSpan.FromSeconds(5));
        Assert.NotNull(took);
        Assert.Equal(HttpStatusCode.OK, await _api.CallAsync(kept));
        Assert.DoesNotContain(_api.BackchannelPaths, path => path.Contains("introspect", StringComparison.Ordinal) || path.Contains("revocations", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "Suspending an agent reaches the status-list API: every token of the agent is refused")]
    public async Task Suspend_RefusedThroughList()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);
        var token = await RevocationClient.TokenAsync(_server, agent);
        Assert.Equal(HttpStatusCode.OK, await _api.CallAsync(token));

        using (var response = await RevocationClient.AdminPostAsync(_server, $"admin/agents/{agent.ClientId}/suspend"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.NotNull(await _api.WaitUntilRefusedAsync(token, TimeSpan.FromSeconds(5)));
    }

    [Fact(DisplayName = "Fail closed: an API that checks status lists refuses a token that names no list under its issuer")]
    public async Task TokenWithoutStatus_Refused()
    {
        await using var plain = await MandateTestServer.StartAsync();
        await using var api = await FeedApiHost.StartAsync(plain.Issuer, configure: o =>
        {
            o.UseRevocationFeed = false;
            o.UseStatusList = true;
        });
        var agent = await RevocationClient.CreateAgentAsync(plain);

        Assert.Equal(HttpStatusCode.Unauthorized, await api.CallAsync(await RevocationClient.TokenAsync(plain, agent)));
    }
}

// Mandate.ResourceServer with both the revocation feed and the status list: a feed event refreshes the cached lists at
// once, long before their ttl (here the longest allowed, 1 hour), so the two never disagree for a whole ttl.
using System.Diagnostics;
using System.Net;
using Mandate.Server.IntegrationTests.Revocation;
using Mandate.Server.StatusList;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.StatusList;

public sealed class StatusListFeedRefreshTests : IAsyncLifetime
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
                o.TimeToLive = TimeSpan.FromHours(1);
                o.TokenLifetime = TimeSpan.FromHours(2);
            }),
        });
        _api = await FeedApiHost.StartAsync(_server.Issuer, configure: o =>
        {
            o.UseRevocationFeed = true;
            o.UseStatusList = true;
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list §13.7 + revocation feed: a feed event refetches the cached list at once, not after its 1-hour ttl")]
    public async Task FeedEvent_RefreshesListBeforeTtl()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);
        var revoked = await RevocationClient.TokenAsync(_server, agent);
        var kept = await RevocationClient.TokenAsync(_server, agent);
        Assert.Equal(HttpStatusCode.OK, await _api.CallAsync(kept));
        var fetchesBefore = ListFetches();
        Assert.Equal(1, fetchesBefore);

        using (var response = await RevocationClient.PostFormAsync(_server, "revoke", agent, ("token", revoked)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        while (ListFetches() == fetchesBefore)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the API did not refetch the status list within 10 s of a feed event (ttl 1 hour)");
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await _api.CallAsync(revoked));
        Assert.Equal(HttpStatusCode.OK, await _api.CallAsync(kept));
    }

    private int ListFetches() => _api.BackchannelPaths.Count(path => path.Contains("/statuslists/", StringComparison.Ordinal));
}

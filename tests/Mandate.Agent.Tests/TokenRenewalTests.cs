using Mandate.Agent.Tests.Infrastructure;

namespace Mandate.Agent.Tests;

public sealed class TokenRenewalTests
{
    private static readonly TokenRequestParameters Tools = new("tools:read");

    [Fact]
    public async Task GetTokenAsync_PastRenewPoint_RenewsBeforeExpiryAndNextCallUsesNewToken()
    {
        await using var h = await AgentHarness.StartAsync(o => o.Jitter = 0);
        h.Server.LifetimeSeconds = 100;

        var first = await h.Client.GetTokenAsync(Tools);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(100), first.ExpiresAt);
        Assert.Equal("tools:read", first.Scope);

        h.Time.Advance(TimeSpan.FromSeconds(79));
        Assert.Same(first, await h.Client.GetTokenAsync(Tools));
        Assert.Equal(1, h.Server.TokenRequestCount);

        h.Time.Advance(TimeSpan.FromSeconds(2)); // 81 s: past 0.8 × 100 s, 19 s before expiry
        var renewed = await h.Client.GetTokenAsync(Tools);
        Assert.NotEqual(first.Value, renewed.Value);
        Assert.Equal(2, h.Server.TokenRequestCount);
        Assert.True(renewed.ExpiresAt > first.ExpiresAt);

        Assert.Same(renewed, await h.Client.GetTokenAsync(Tools));
        var response = await h.Api.GetAsync("/api/tools");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + renewed.Value, h.Server.ApiAuthorizations[^1]);
        Assert.Equal(2, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task GetTokenAsync_WithJitter_RenewsWithinRenewAtPlusOrMinusJitter()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.RenewAt, o.Jitter) = (0.8, 0.05));
        h.Server.LifetimeSeconds = 1000;

        await h.Client.GetTokenAsync(Tools);
        h.Time.Advance(TimeSpan.FromSeconds(749)); // before 0.75 × 1000 s: never renewed
        await h.Client.GetTokenAsync(Tools);
        Assert.Equal(1, h.Server.TokenRequestCount);

        h.Time.Advance(TimeSpan.FromSeconds(102)); // 851 s: after 0.85 × 1000 s: always renewed
        await h.Client.GetTokenAsync(Tools);
        Assert.Equal(2, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task GetTokenAsync_LifetimeCountsFromWhenTheRequestWasSent()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.LifetimeSeconds = 60;
        var sentAt = h.Time.GetUtcNow();

        var token = await h.Client.GetTokenAsync(Tools);

        Assert.Equal(sentAt.AddSeconds(60), token.ExpiresAt);
    }

    [Fact]
    public async Task GetTokenAsync_ShortLivedToken_NeverHandsOutTokenWithLessThanMinimumRemainingLifetime()
    {
        // RenewAt 0.95 of 100 s would be 95 s, but only 10 s must remain: the token is replaced at 90 s.
        await using var h = await AgentHarness.StartAsync(o => (o.RenewAt, o.Jitter, o.MinimumRemainingLifetime) = (0.95, 0, TimeSpan.FromSeconds(10)));
        h.Server.LifetimeSeconds = 100;
        var first = await h.Client.GetTokenAsync(Tools);

        h.Time.Advance(TimeSpan.FromSeconds(89));
        Assert.Same(first, await h.Client.GetTokenAsync(Tools));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var next = await h.Client.GetTokenAsync(Tools);

        Assert.NotEqual(first.Value, next.Value);
        Assert.True(next.ExpiresAt - h.Time.GetUtcNow() > TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task GetTokenAsync_TenSecondToken_RenewsAtRenewAtNotAtTheDefaultMargin()
    {
        // Default margin 5 s would force renewal at 5 s; capped at a tenth (1 s), renewal stays at 0.8 × 10 s.
        await using var h = await AgentHarness.StartAsync(o => o.Jitter = 0);
        h.Server.LifetimeSeconds = 10;
        var first = await h.Client.GetTokenAsync(Tools);

        h.Time.Advance(TimeSpan.FromSeconds(7.9));
        Assert.Same(first, await h.Client.GetTokenAsync(Tools));
        Assert.Equal(1, h.Server.TokenRequestCount);

        h.Time.Advance(TimeSpan.FromSeconds(0.2)); // 8.1 s
        var next = await h.Client.GetTokenAsync(Tools);
        Assert.NotEqual(first.Value, next.Value);
        Assert.Equal(2, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task GetTokenAsync_DifferentScopeOrResource_CachesSeparately()
    {
        await using var h = await AgentHarness.StartAsync();

        var a = await h.Client.GetTokenAsync(new("tools:read"));
        var b = await h.Client.GetTokenAsync(new("tools:write"));
        var c = await h.Client.GetTokenAsync(new("tools:read", new Uri("https://api.example/")));
        var again = await h.Client.GetTokenAsync(new("tools:read"));

        Assert.Equal(3, h.Server.TokenRequestCount);
        Assert.Same(a, again);
        Assert.Equal(3, new[] { a.Value, b.Value, c.Value }.Distinct().Count());
        Assert.Equal("https://api.example/", h.Server.TokenRequests[2].Form["resource"]);
        Assert.Equal("client_credentials", h.Server.TokenRequests[2].Form["grant_type"]);
    }
}

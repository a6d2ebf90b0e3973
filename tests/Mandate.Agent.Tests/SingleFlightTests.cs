using Mandate.Agent.Tests.Infrastructure;

namespace Mandate.Agent.Tests;

public sealed class SingleFlightTests
{
    [Fact]
    public async Task GetTokenAsync_1000ConcurrentCallsOnEmptyCache_SendOneTokenRequest()
    {
        await using var h = await AgentHarness.StartAsync();
        var client = h.Client;
        var parameters = new TokenRequestParameters("tools:read");

        var tokens = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => client.GetTokenAsync(parameters))));

        Assert.Equal(1, h.Server.TokenRequestCount);
        Assert.Single(tokens.Select(t => t.Value).Distinct());
    }

    [Fact]
    public async Task GetTokenAsync_1000ConcurrentCallsPastRenewPoint_SendOneRenewal()
    {
        await using var h = await AgentHarness.StartAsync(o => o.Jitter = 0);
        h.Server.LifetimeSeconds = 100;
        var client = h.Client;
        var first = await client.GetTokenAsync();
        h.Time.Advance(TimeSpan.FromSeconds(85));

        var tokens = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => client.GetTokenAsync())));

        Assert.Equal(2, h.Server.TokenRequestCount);
        Assert.All(tokens, t => Assert.NotEqual(first.Value, t.Value));
    }

    [Fact]
    public async Task GetTokenAsync_CallerCancels_SharedRequestStillCompletesForOthers()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.FailNext(1, TokenFailure.ServiceUnavailable, retryAfter: "5");
        using var cancel = new CancellationTokenSource();

        var cancelled = h.Client.GetTokenAsync(null, cancel.Token);
        var patient = h.Client.GetTokenAsync();
        Assert.Equal(TimeSpan.FromSeconds(5), await h.Time.NextTimerAsync());
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        h.Time.Advance(TimeSpan.FromSeconds(5));
        await patient;
        Assert.Equal(2, h.Server.TokenRequestCount);
    }
}

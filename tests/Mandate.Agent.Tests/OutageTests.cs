using System.Net;
using Mandate.Agent.Tests.Infrastructure;

namespace Mandate.Agent.Tests;

public sealed class OutageTests
{
    public enum OutageKind { ServiceUnavailable, ConnectionDrop, ConnectionRefused }

    [Theory]
    [InlineData(OutageKind.ServiceUnavailable)]
    [InlineData(OutageKind.ConnectionDrop)]
    [InlineData(OutageKind.ConnectionRefused)]
    public async Task ApiCalls_TokenEndpointDownDuringTokenLifetime_NoCallFailsWhileTokenIsValid(OutageKind kind)
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Jitter, o.MinimumRemainingLifetime) = (0, TimeSpan.FromSeconds(5)));
        h.Server.LifetimeSeconds = 100;
        var api = h.Api;
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/tools")).StatusCode);
        var first = h.Server.IssuedTokens.Single();

        SetOutage(h, kind, down: true);
        var failures = 0;
        for (var second = 1; second <= 94; second++) // renewal is due from 80 s; the token is usable until 95 s
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            using var response = await api.GetAsync("/api/tools");
            failures += response.IsSuccessStatusCode ? 0 : 1;
        }

        Assert.Equal(0, failures);
        Assert.All(h.Server.ApiAuthorizations, a => Assert.Equal("Bearer " + first, a));
        if (kind != OutageKind.ConnectionRefused)
        {
            Assert.True(h.Server.TokenRequestCount > 1, "renewal was attempted during the outage");
        }

        SetOutage(h, kind, down: false);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        using (var after = await api.GetAsync("/api/tools"))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        Assert.NotEqual("Bearer " + first, h.Server.ApiAuthorizations[^1]);
    }

    [Fact]
    public async Task GetTokenAsync_RenewalFailing_BacksOffBetweenAttemptsInsteadOfHammeringTheServer()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Jitter, o.Retry.BaseDelay, o.Retry.MaxDelay) = (0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        h.Server.LifetimeSeconds = 100;
        await h.Client.GetTokenAsync();
        h.Server.Outage = TokenFailure.ServiceUnavailable;
        h.Time.Advance(TimeSpan.FromSeconds(80));

        for (var i = 0; i < 50; i++)
        {
            await h.Client.GetTokenAsync(); // 50 calls at the same instant
        }

        Assert.Equal(2, h.Server.TokenRequestCount); // the first token + one renewal attempt
    }

    [Fact]
    public async Task GetTokenAsync_EmptyCacheAndTransientFailures_RetriesWithBackoffAndSucceeds()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Retry.MaxAttempts, o.Retry.BaseDelay, o.Retry.MaxDelay) = (3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)));
        h.Server.FailNext(2, TokenFailure.ServiceUnavailable);

        var pending = h.Client.GetTokenAsync();
        var firstDelay = await h.Time.NextTimerAsync();
        Assert.InRange(firstDelay, TimeSpan.Zero, TimeSpan.FromSeconds(1)); // full jitter: [0, base]
        h.Time.Advance(firstDelay);
        var secondDelay = await h.Time.NextTimerAsync();
        Assert.InRange(secondDelay, TimeSpan.Zero, TimeSpan.FromSeconds(2)); // [0, 2 × base]
        h.Time.Advance(secondDelay);

        await pending;
        Assert.Equal(3, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task GetTokenAsync_OutageOutlastsRetries_ThrowsTransientMandateTokenException()
    {
        await using var h = await AgentHarness.StartAsync(o => o.Retry.MaxAttempts = 1);
        h.Server.Outage = TokenFailure.ServiceUnavailable;

        var ex = await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync());

        Assert.True(ex.IsTransient);
        Assert.Equal("temporarily_unavailable", ex.Error);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(1, h.Server.TokenRequestCount);
    }

    private static void SetOutage(AgentHarness h, OutageKind kind, bool down)
    {
        switch (kind)
        {
            case OutageKind.ServiceUnavailable:
                h.Server.Outage = down ? TokenFailure.ServiceUnavailable : null;
                break;
            case OutageKind.ConnectionDrop:
                h.Server.Outage = down ? TokenFailure.ConnectionDrop : null;
                break;
            case OutageKind.ConnectionRefused:
                h.Refuse.Down = down;
                break;
        }
    }
}

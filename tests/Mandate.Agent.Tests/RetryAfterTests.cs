using Mandate.Agent.Tests.Infrastructure;

namespace Mandate.Agent.Tests;

public sealed class RetryAfterTests
{
    [Fact(DisplayName = "RFC 9110 §10.2.3: 429 with Retry-After delay-seconds is retried no earlier than that on the clock")]
    public async Task TooManyRequests_RetryAfterSeconds_RetryWaitsThatLong()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.FailNext(1, TokenFailure.TooManyRequests, retryAfter: "10");

        var pending = h.Client.GetTokenAsync();
        Assert.Equal(TimeSpan.FromSeconds(10), await h.Time.NextTimerAsync());
        h.Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.Equal(1, h.Server.TokenRequestCount);
        Assert.False(pending.IsCompleted);

        h.Time.Advance(TimeSpan.FromTicks(1));
        await pending;
        Assert.Equal(2, h.Server.TokenRequestCount);
    }

    [Fact(DisplayName = "RFC 9110 §10.2.3: 429 with Retry-After HTTP-date is retried no earlier than that date")]
    public async Task TooManyRequests_RetryAfterHttpDate_RetryWaitsUntilThatDate()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.FailNext(1, TokenFailure.TooManyRequests, retryAfter: h.Time.GetUtcNow().AddSeconds(20).ToString("R"));

        var pending = h.Client.GetTokenAsync();
        Assert.Equal(TimeSpan.FromSeconds(20), await h.Time.NextTimerAsync());
        h.Time.Advance(TimeSpan.FromSeconds(20));
        await pending;
        Assert.Equal(2, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task ServiceUnavailable_RetryAfterLongerThanMaxDelay_GivesUpInsteadOfWaiting()
    {
        await using var h = await AgentHarness.StartAsync(o => o.Retry.MaxDelay = TimeSpan.FromSeconds(30));
        h.Server.FailNext(1, TokenFailure.ServiceUnavailable, retryAfter: "3600");

        var ex = await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync());

        Assert.True(ex.IsTransient);
        Assert.Equal(1, h.Server.TokenRequestCount);
        Assert.Empty(h.Time.DrainTimers());
    }

    [Fact]
    public async Task TooManyRequests_DuringRenewal_NextAttemptHonoursRetryAfter()
    {
        await using var h = await AgentHarness.StartAsync(o => o.Jitter = 0);
        h.Server.LifetimeSeconds = 100;
        var first = await h.Client.GetTokenAsync();
        h.Time.Advance(TimeSpan.FromSeconds(80));
        h.Server.FailNext(1, TokenFailure.TooManyRequests, retryAfter: "7");

        Assert.Same(first, await h.Client.GetTokenAsync()); // renewal refused, current token kept
        h.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Same(first, await h.Client.GetTokenAsync());
        Assert.Equal(2, h.Server.TokenRequestCount);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotEqual(first.Value, (await h.Client.GetTokenAsync()).Value);
        Assert.Equal(3, h.Server.TokenRequestCount);
    }
}

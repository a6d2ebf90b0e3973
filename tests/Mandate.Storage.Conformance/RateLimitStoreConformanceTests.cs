using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IRateLimitStore"/> contract: one counter per (key, window start), atomic increments, ended windows forgotten.</summary>
public abstract class RateLimitStoreConformanceTests
{
    private IRateLimitStore? _store;

    /// <summary>The clock the store under test must use; tests advance it.</summary>
    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    /// <summary>The store under test, created once per test.</summary>
    protected IRateLimitStore Store => LazyInitializer.EnsureInitialized(ref _store, () => CreateStore(Time));

    /// <summary>Creates an empty store that reads time from <paramref name="timeProvider"/>.</summary>
    protected abstract IRateLimitStore CreateStore(TimeProvider timeProvider);

    private DateTimeOffset Start => TestData.Start;

    [Fact]
    public async Task IncrementAsync_CountsPerKeyAndWindow()
    {
        Assert.Equal(1, await Store.IncrementAsync("agent-minute:a", Start, Start.AddMinutes(1), default));
        Assert.Equal(2, await Store.IncrementAsync("agent-minute:a", Start, Start.AddMinutes(1), default));
        Assert.Equal(1, await Store.IncrementAsync("agent-minute:b", Start, Start.AddMinutes(1), default));
        Assert.Equal(1, await Store.IncrementAsync("agent-minute:a", Start.AddMinutes(1), Start.AddMinutes(2), default));
        Assert.Equal(3, await Store.IncrementAsync("agent-minute:a", Start, Start.AddMinutes(1), default));
    }

    [Fact]
    public async Task IncrementAsync_Concurrent_EveryCallGetsADistinctCount()
    {
        var calls = Enumerable.Range(0, 50).Select(_ => Store.IncrementAsync("fail-address:192.0.2.1", Start, Start.AddMinutes(1), default).AsTask());

        var counts = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), counts.Order());
    }

    [Fact]
    public async Task IncrementAsync_AfterTheWindowEnded_ANewWindowStartsAtOne_AndOldCountersMayGo()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.IncrementAsync("agent-day:a", Start, Start.AddDays(1), default);
        }

        Time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(1, await Store.IncrementAsync("agent-day:a", Start.AddDays(1), Start.AddDays(2), default));

        // The ended window's counter is either still there or was swept: never anything else.
        var old = await Store.IncrementAsync("agent-day:a", Start, Start.AddDays(1), default);
        Assert.Contains(old, new long[] { 1, 6 });
    }
}

using Mandate.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>The size bound and sweeping of <see cref="InMemoryReplayCache"/>, beyond the shared contract.</summary>
public sealed class InMemoryReplayCacheBoundTests
{
    private readonly FakeTimeProvider _time = new(TestData.Start);

    [Fact]
    public async Task TryAddAsync_CacheFullOfLiveEntries_RefusesNewPairAndKeepsOldOnesSingleUse()
    {
        var cache = new InMemoryReplayCache(_time, new InMemoryReplayCacheOptions { MaxEntries = 3 });
        var expiresAt = _time.GetUtcNow().AddMinutes(5);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await cache.TryAddAsync("iss", "jti-" + i, expiresAt, default));
        }

        Assert.False(await cache.TryAddAsync("iss", "jti-new", expiresAt, default));
        Assert.False(await cache.TryAddAsync("iss", "jti-0", expiresAt, default));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public async Task TryAddAsync_CacheFullButEntriesExpired_SweepsAndAccepts()
    {
        var cache = new InMemoryReplayCache(_time, new InMemoryReplayCacheOptions { MaxEntries = 3 });
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await cache.TryAddAsync("iss", "jti-" + i, _time.GetUtcNow().AddMinutes(1 + i), default));
        }

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.True(await cache.TryAddAsync("iss", "jti-new", _time.GetUtcNow().AddMinutes(5), default));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task TryAddAsync_AfterEverythingExpires_CountDropsToTheNewEntry()
    {
        var cache = new InMemoryReplayCache(_time);
        for (var i = 0; i < 100; i++)
        {
            await cache.TryAddAsync("iss", "jti-" + i, _time.GetUtcNow().AddSeconds(i + 1), default);
        }

        _time.Advance(TimeSpan.FromMinutes(5));
        await cache.TryAddAsync("iss", "fresh", _time.GetUtcNow().AddSeconds(1), default);

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Constructor_MaxEntriesBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new InMemoryReplayCache(_time, new InMemoryReplayCacheOptions { MaxEntries = 0 }));
    }

    [Fact]
    public void Options_DefaultMaxEntries_Is100000()
    {
        Assert.Equal(100_000, new InMemoryReplayCacheOptions().MaxEntries);
    }
}

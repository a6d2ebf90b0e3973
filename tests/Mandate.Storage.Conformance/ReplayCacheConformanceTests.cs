using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IReplayCache"/> contract (RFC 7523 §3 item 7: a jti is used once).</summary>
public abstract class ReplayCacheConformanceTests
{
    private IReplayCache? _cache;

    /// <summary>The clock the cache under test must use; tests advance it.</summary>
    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    /// <summary>The cache under test, created once per test.</summary>
    protected IReplayCache Cache => LazyInitializer.EnsureInitialized(ref _cache, () => CreateCache(Time));

    /// <summary>Creates an empty cache that reads time from <paramref name="timeProvider"/>.</summary>
    protected abstract IReplayCache CreateCache(TimeProvider timeProvider);

    [Fact]
    public async Task TryAddAsync_FirstTime_ReturnsTrue()
    {
        Assert.True(await Cache.TryAddAsync("client-a", "jti-1", Time.GetUtcNow().AddMinutes(5), default));
    }

    [Fact]
    public async Task TryAddAsync_SamePairBeforeExpiry_ReturnsFalse()
    {
        var expiresAt = Time.GetUtcNow().AddMinutes(5);
        Assert.True(await Cache.TryAddAsync("client-a", "jti-1", expiresAt, default));

        Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));

        Assert.False(await Cache.TryAddAsync("client-a", "jti-1", expiresAt.AddMinutes(5), default));
    }

    [Fact]
    public async Task TryAddAsync_SamePairOnceExpiresAtIsReached_ReturnsTrueAndIsSingleUseAgain()
    {
        var expiresAt = Time.GetUtcNow().AddMinutes(5);
        Assert.True(await Cache.TryAddAsync("client-a", "jti-1", expiresAt, default));

        Time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await Cache.TryAddAsync("client-a", "jti-1", Time.GetUtcNow().AddMinutes(5), default));
        Assert.False(await Cache.TryAddAsync("client-a", "jti-1", Time.GetUtcNow().AddMinutes(5), default));
    }

    [Fact]
    public async Task TryAddAsync_ExpiryWithOffset_ComparedAsInstant()
    {
        // 5 minutes ahead, written as a +14:00 local time that reads as "tomorrow".
        var expiresAt = Time.GetUtcNow().AddMinutes(5).ToOffset(TimeSpan.FromHours(14));
        Assert.True(await Cache.TryAddAsync("client-a", "jti-off", expiresAt, default));

        Time.Advance(TimeSpan.FromMinutes(6));

        Assert.True(await Cache.TryAddAsync("client-a", "jti-off", Time.GetUtcNow().AddMinutes(5), default));
    }

    [Fact]
    public async Task TryAddAsync_SameJtiDifferentIssuer_IsIndependent()
    {
        var expiresAt = Time.GetUtcNow().AddMinutes(5);

        Assert.True(await Cache.TryAddAsync("client-a", "jti-1", expiresAt, default));
        Assert.True(await Cache.TryAddAsync("client-b", "jti-1", expiresAt, default));
        Assert.False(await Cache.TryAddAsync("client-b", "jti-1", expiresAt, default));
    }

    [Fact]
    public async Task TryAddAsync_DifferentJtiSameIssuer_ReturnsTrue()
    {
        var expiresAt = Time.GetUtcNow().AddMinutes(5);

        Assert.True(await Cache.TryAddAsync("client-a", "jti-1", expiresAt, default));
        Assert.True(await Cache.TryAddAsync("client-a", "jti-2", expiresAt, default));
    }

    [Fact]
    public async Task TryAddAsync_IssuerAndJtiAreCaseSensitive()
    {
        var expiresAt = Time.GetUtcNow().AddMinutes(5);

        Assert.True(await Cache.TryAddAsync("client-a", "JTI", expiresAt, default));
        Assert.True(await Cache.TryAddAsync("client-a", "jti", expiresAt, default));
        Assert.True(await Cache.TryAddAsync("Client-A", "JTI", expiresAt, default));
    }

    [Fact]
    public async Task TryAddAsync_OtherEntriesExpire_LiveEntryStaysRecorded()
    {
        for (var i = 0; i < 150; i++)
        {
            Assert.True(await Cache.TryAddAsync("client-a", "short-" + i, Time.GetUtcNow().AddSeconds(30), default));
        }

        Assert.True(await Cache.TryAddAsync("client-a", "long", Time.GetUtcNow().AddHours(1), default));
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await Cache.TryAddAsync("client-a", "short-0", Time.GetUtcNow().AddSeconds(30), default));
        Assert.True(await Cache.TryAddAsync("client-a", "short-149", Time.GetUtcNow().AddSeconds(30), default));
        Assert.False(await Cache.TryAddAsync("client-a", "long", Time.GetUtcNow().AddHours(1), default));
    }

    [Fact]
    public async Task TryAddAsync_50ParallelCallsWithSameJti_ExactlyOneReturnsTrue()
    {
        var expiresAt = Time.GetUtcNow().AddMinutes(5);

        var results = await TestData.RunInParallelAsync(50, async _ =>
            await Cache.TryAddAsync("client-a", "jti-race", expiresAt, default));

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task TryAddAsync_ParallelCallsWithDistinctJtis_AllReturnTrue()
    {
        var expiresAt = Time.GetUtcNow().AddMinutes(5);

        var results = await TestData.RunInParallelAsync(50, async i =>
            await Cache.TryAddAsync("client-a", "jti-" + i, expiresAt, default));

        Assert.All(results, Assert.True);
    }
}

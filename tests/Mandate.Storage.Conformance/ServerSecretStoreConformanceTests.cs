namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IServerSecretStore"/> contract: first writer wins.</summary>
public abstract class ServerSecretStoreConformanceTests
{
    private IServerSecretStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected IServerSecretStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IServerSecretStore CreateStore();

    [Fact]
    public async Task GetAsync_UnknownName_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync("secret-hash-key", default));
    }

    [Fact]
    public async Task TryAddAsync_FreeName_StoresTheBytes()
    {
        byte[] value = [0, 1, 2, 254, 255];

        Assert.True(await Store.TryAddAsync("secret-hash-key", value, default));

        Assert.Equal(value, await Store.GetAsync("secret-hash-key", default));
    }

    [Fact]
    public async Task TryAddAsync_EmptyValue_RoundTripsAsEmptyNotNull()
    {
        Assert.True(await Store.TryAddAsync("empty", [], default));

        var value = await Store.GetAsync("empty", default);
        Assert.NotNull(value);
        Assert.Empty(value);
    }

    [Fact]
    public async Task TryAddAsync_TakenName_ReturnsFalseAndKeepsTheFirstValue()
    {
        Assert.True(await Store.TryAddAsync("secret-hash-key", [1, 1, 1], default));

        Assert.False(await Store.TryAddAsync("secret-hash-key", [2, 2, 2], default));

        Assert.Equal([1, 1, 1], await Store.GetAsync("secret-hash-key", default));
    }

    [Fact]
    public async Task TryAddAsync_NamesAreIndependentAndCaseSensitive()
    {
        Assert.True(await Store.TryAddAsync("a", [1], default));
        Assert.True(await Store.TryAddAsync("A", [2], default));

        Assert.Equal([1], await Store.GetAsync("a", default));
        Assert.Equal([2], await Store.GetAsync("A", default));
    }

    [Fact]
    public async Task TryAddAsync_MutatingTheArgumentOrResult_DoesNotChangeTheStore()
    {
        byte[] value = [5, 6, 7];
        await Store.TryAddAsync("k", value, default);
        value[0] = 0;
        (await Store.GetAsync("k", default))![1] = 0;

        Assert.Equal([5, 6, 7], await Store.GetAsync("k", default));
    }

    [Fact]
    public async Task TryAddAsync_ConcurrentWriters_ExactlyOneWinsAndEveryoneReadsItsValue()
    {
        var results = await TestData.RunInParallelAsync(20, async i =>
            await Store.TryAddAsync("k", [(byte)i, 42], default));

        Assert.Single(results, r => r);
        var winner = Array.IndexOf(results, true);
        Assert.Equal([(byte)winner, 42], await Store.GetAsync("k", default));
    }
}

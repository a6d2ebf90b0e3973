using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IDelegationLinkStore"/> contract: parent → child links kept until the child expires.</summary>
public abstract class DelegationLinkStoreConformanceTests
{
    private IDelegationLinkStore? _store;

    /// <summary>A clock for building link expiries.</summary>
    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    /// <summary>The store under test, created once per test.</summary>
    protected IDelegationLinkStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IDelegationLinkStore CreateStore();

    private DelegationLink Link(string parent, string child, TimeSpan? lifetime = null) => new()
    {
        ParentJti = parent,
        ChildJti = child,
        ExpiresAt = Time.GetUtcNow() + (lifetime ?? TimeSpan.FromMinutes(5)),
    };

    [Fact]
    public async Task ListChildrenAsync_Unknown_IsEmpty()
    {
        Assert.Empty(await Store.ListChildrenAsync("nobody", Time.GetUtcNow(), default));
    }

    [Fact]
    public async Task AddAsync_ThenList_ReturnsEveryChildOfThatParentOnly_WithFields()
    {
        await Store.AddAsync(Link("p", "c1"), default);
        await Store.AddAsync(Link("p", "c2", TimeSpan.FromMinutes(1)), default);
        await Store.AddAsync(Link("other", "c3"), default);

        var children = (await Store.ListChildrenAsync("p", Time.GetUtcNow(), default)).OrderBy(l => l.ChildJti, StringComparer.Ordinal).ToList();

        Assert.Equal(2, children.Count);
        Assert.Equal(Link("p", "c1"), children[0]);
        Assert.Equal(Link("p", "c2", TimeSpan.FromMinutes(1)), children[1]);
    }

    [Fact]
    public async Task AddAsync_SamePairTwice_IsStoredOnce()
    {
        await Store.AddAsync(Link("p", "c"), default);
        await Store.AddAsync(Link("p", "c"), default);

        Assert.Single(await Store.ListChildrenAsync("p", Time.GetUtcNow(), default));
    }

    [Fact]
    public async Task ListChildrenAsync_LeavesOutExpiredLinks()
    {
        await Store.AddAsync(Link("p", "short", TimeSpan.FromMinutes(1)), default);
        await Store.AddAsync(Link("p", "long", TimeSpan.FromMinutes(10)), default);

        Time.Advance(TimeSpan.FromMinutes(1));

        var child = Assert.Single(await Store.ListChildrenAsync("p", Time.GetUtcNow(), default));
        Assert.Equal("long", child.ChildJti);
    }

    [Fact]
    public async Task ParentJti_IsCaseSensitive()
    {
        await Store.AddAsync(Link("abc", "c"), default);

        Assert.Empty(await Store.ListChildrenAsync("ABC", Time.GetUtcNow(), default));
    }

    [Fact]
    public async Task PurgeExpiredAsync_DeletesOnlyExpired_AndCountsThem()
    {
        await Store.AddAsync(Link("p", "a", TimeSpan.FromMinutes(1)), default);
        await Store.AddAsync(Link("q", "b", TimeSpan.FromMinutes(1)), default);
        await Store.AddAsync(Link("p", "c", TimeSpan.FromMinutes(10)), default);
        Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(2, await Store.PurgeExpiredAsync(Time.GetUtcNow(), default));
        Assert.Equal(0, await Store.PurgeExpiredAsync(Time.GetUtcNow(), default));

        // Still listed with an earlier "now": purged rows are gone, the unexpired one stays.
        var left = await Store.ListChildrenAsync("p", TestData.Start, default);
        Assert.Equal("c", Assert.Single(left).ChildJti);
        Assert.Empty(await Store.ListChildrenAsync("q", TestData.Start, default));
    }
}

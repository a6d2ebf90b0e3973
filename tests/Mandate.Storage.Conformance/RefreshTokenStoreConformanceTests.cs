using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IRefreshTokenStore"/> contract: families, atomic rotation, family/agent/parent revocation, purge.</summary>
public abstract class RefreshTokenStoreConformanceTests
{
    private IRefreshTokenStore? _store;

    /// <summary>A clock for building record times.</summary>
    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    /// <summary>The store under test, created once per test.</summary>
    protected IRefreshTokenStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IRefreshTokenStore CreateStore();

    private RefreshTokenRecord Record(string hash, string family = "fam-1", string client = "agt_client", string subject = "agt_subject", string? parent = "jti-parent") => new()
    {
        TokenHash = hash,
        FamilyId = family,
        ClientId = client,
        Subject = subject,
        Actors = [client, "agt_older"],
        Scopes = ["invoices:read", "invoices:write"],
        Audience = "https://api.example.com",
        ParentJti = parent,
        AccessTokenJti = "at-" + hash,
        AccessTokenExpiresAt = Time.GetUtcNow().AddMinutes(5),
        State = RefreshTokenState.Active,
        IssuedAt = Time.GetUtcNow(),
        ExpiresAt = Time.GetUtcNow().AddHours(1),
        FamilyExpiresAt = Time.GetUtcNow().AddDays(1),
        AuthorizationDetails = """[{"type":"agent_task","task_id":"t-1"}]""",
    };

    private static void AssertSame(RefreshTokenRecord expected, RefreshTokenRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Actors = [], Scopes = [] }, actual with { Actors = [], Scopes = [] });
        Assert.Equal(expected.Actors, actual.Actors);
        Assert.Equal(expected.Scopes, actual.Scopes);
    }

    [Fact]
    public async Task CreateAsync_ThenFind_RoundTripsEveryField()
    {
        var record = Record("h1");
        await Store.CreateAsync(record, default);

        AssertSame(record, await Store.FindAsync("h1", default));
        Assert.Null(await Store.FindAsync("H1", default));
        Assert.Null(await Store.FindAsync("unknown", default));
    }

    [Fact]
    public async Task CreateAsync_NullOptionalFields_RoundTrip()
    {
        var record = Record("h1", parent: null) with { AccessTokenJti = null, AccessTokenExpiresAt = null, Actors = [], AuthorizationDetails = null };
        await Store.CreateAsync(record, default);

        AssertSame(record, await Store.FindAsync("h1", default));
    }

    [Fact]
    public async Task TryRotateAsync_Active_MarksRotated_AndStoresNext()
    {
        await Store.CreateAsync(Record("h1"), default);

        Assert.True(await Store.TryRotateAsync("h1", Record("h2"), default));

        Assert.Equal(RefreshTokenState.Rotated, (await Store.FindAsync("h1", default))!.State);
        Assert.Equal(RefreshTokenState.Active, (await Store.FindAsync("h2", default))!.State);
    }

    [Fact]
    public async Task TryRotateAsync_SameTokenTwice_SecondFails_AndStoresNothing()
    {
        await Store.CreateAsync(Record("h1"), default);
        Assert.True(await Store.TryRotateAsync("h1", Record("h2"), default));

        Assert.False(await Store.TryRotateAsync("h1", Record("h3"), default));

        Assert.Null(await Store.FindAsync("h3", default));
    }

    [Fact]
    public async Task TryRotateAsync_Unknown_Fails()
    {
        Assert.False(await Store.TryRotateAsync("nope", Record("h2"), default));
        Assert.Null(await Store.FindAsync("h2", default));
    }

    [Fact]
    public async Task TryRotateAsync_Concurrent_ExactlyOneWins()
    {
        await Store.CreateAsync(Record("h1"), default);

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () => await Store.TryRotateAsync("h1", Record("next-" + i), default))).ToArray();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(r => r));
        var stored = 0;
        for (var i = 0; i < attempts.Length; i++)
        {
            stored += await Store.FindAsync("next-" + i, default) is null ? 0 : 1;
        }

        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task RevokeFamilyAsync_RevokesEveryRecordOfTheFamilyOnly_AndReturnsThem()
    {
        await Store.CreateAsync(Record("h1"), default);
        await Store.TryRotateAsync("h1", Record("h2"), default);
        await Store.CreateAsync(Record("other", family: "fam-2"), default);

        var family = await Store.RevokeFamilyAsync("fam-1", default);

        Assert.Equal(["at-h1", "at-h2"], family.Select(r => r.AccessTokenJti).Order(StringComparer.Ordinal));
        Assert.All(family, r => Assert.Equal(RefreshTokenState.Revoked, r.State));
        Assert.Equal(RefreshTokenState.Revoked, (await Store.FindAsync("h2", default))!.State);
        Assert.Equal(RefreshTokenState.Active, (await Store.FindAsync("other", default))!.State);
        Assert.False(await Store.TryRotateAsync("h2", Record("h3"), default));
    }

    [Fact]
    public async Task RevokeByAgentAsync_MatchesClientOrSubject()
    {
        await Store.CreateAsync(Record("by-client", family: "a", client: "agt_x"), default);
        await Store.CreateAsync(Record("by-subject", family: "b", subject: "agt_x"), default);
        await Store.CreateAsync(Record("unrelated", family: "c"), default);

        Assert.Equal(2, await Store.RevokeByAgentAsync("agt_x", default));
        Assert.Equal(0, await Store.RevokeByAgentAsync("agt_x", default));

        Assert.Equal(RefreshTokenState.Revoked, (await Store.FindAsync("by-client", default))!.State);
        Assert.Equal(RefreshTokenState.Revoked, (await Store.FindAsync("by-subject", default))!.State);
        Assert.Equal(RefreshTokenState.Active, (await Store.FindAsync("unrelated", default))!.State);
    }

    [Fact]
    public async Task RevokeByParentAsync_MatchesParentJti()
    {
        await Store.CreateAsync(Record("child", family: "a", parent: "p1"), default);
        await Store.CreateAsync(Record("other", family: "b", parent: "p2"), default);
        await Store.CreateAsync(Record("none", family: "c", parent: null), default);

        Assert.Equal(1, await Store.RevokeByParentAsync("p1", default));

        Assert.Equal(RefreshTokenState.Revoked, (await Store.FindAsync("child", default))!.State);
        Assert.Equal(RefreshTokenState.Active, (await Store.FindAsync("other", default))!.State);
        Assert.Equal(RefreshTokenState.Active, (await Store.FindAsync("none", default))!.State);
    }

    [Fact]
    public async Task PurgeExpiredAsync_DeletesFamiliesPastTheirAbsoluteExpiry()
    {
        await Store.CreateAsync(Record("old") with { FamilyExpiresAt = Time.GetUtcNow().AddMinutes(1) }, default);
        await Store.CreateAsync(Record("young", family: "fam-2"), default);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, await Store.PurgeExpiredAsync(Time.GetUtcNow(), default));

        Assert.Null(await Store.FindAsync("old", default));
        Assert.NotNull(await Store.FindAsync("young", default));
    }

    [Fact]
    public async Task TryCreateFamilyAsync_BelowLimit_Creates_AtLimit_RefusesWithSoonestExpiry()
    {
        var now = Time.GetUtcNow();
        Assert.True((await Store.TryCreateFamilyAsync(Record("h1", family: "f1") with { ExpiresAt = now.AddMinutes(30) }, 2, now, default)).Created);
        Assert.True((await Store.TryCreateFamilyAsync(Record("h2", family: "f2"), 2, now, default)).Created);

        var refused = await Store.TryCreateFamilyAsync(Record("h3", family: "f3"), 2, now, default);

        Assert.False(refused.Created);
        Assert.Equal(now.AddMinutes(30), refused.SoonestExpiry);
        Assert.Null(await Store.FindAsync("h3", default));
        Assert.Equal(2, await Store.CountLiveFamiliesAsync("agt_client", now, default));
    }

    [Fact]
    public async Task TryCreateFamilyAsync_CountsOnlyThisClientsLiveFamilies()
    {
        var now = Time.GetUtcNow();
        await Store.CreateAsync(Record("other", family: "f-other", client: "agt_other"), default);
        await Store.CreateAsync(Record("expired", family: "f-expired") with { ExpiresAt = now }, default);
        await Store.CreateAsync(Record("revoked", family: "f-revoked"), default);
        await Store.RevokeFamilyAsync("f-revoked", default);
        await Store.CreateAsync(Record("rotated-1", family: "f-rotated"), default);
        Assert.True(await Store.TryRotateAsync("rotated-1", Record("rotated-2", family: "f-rotated"), default));

        Assert.Equal(1, await Store.CountLiveFamiliesAsync("agt_client", now, default));
        Assert.True((await Store.TryCreateFamilyAsync(Record("h1", family: "f1"), 2, now, default)).Created);
        Assert.False((await Store.TryCreateFamilyAsync(Record("h2", family: "f2"), 2, now, default)).Created);
        Assert.Equal(2, await Store.CountLiveFamiliesAsync("agt_client", now, default));
        Assert.Equal(0, await Store.CountLiveFamiliesAsync("agt_client", now.AddDays(1), default));
    }

    [Fact]
    public async Task TryCreateFamilyAsync_RevokingAFamily_FreesItsSlot()
    {
        var now = Time.GetUtcNow();
        Assert.True((await Store.TryCreateFamilyAsync(Record("h1", family: "f1"), 1, now, default)).Created);
        Assert.False((await Store.TryCreateFamilyAsync(Record("h2", family: "f2"), 1, now, default)).Created);

        await Store.RevokeFamilyAsync("f1", default);

        Assert.True((await Store.TryCreateFamilyAsync(Record("h2", family: "f2"), 1, now, default)).Created);
    }

    [Fact]
    public async Task TryCreateFamilyAsync_TwentyConcurrentCreations_LimitFive_ExactlyFiveSucceed()
    {
        var now = Time.GetUtcNow();
        var store = Store;
        var attempts = Enumerable.Range(0, 20)
            .Select(i => Task.Run(async () => await store.TryCreateFamilyAsync(Record("h" + i, family: "f" + i), 5, now, default)))
            .ToArray();

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(5, outcomes.Count(o => o.Created));
        Assert.Equal(5, await Store.CountLiveFamiliesAsync("agt_client", now, default));
    }
}

namespace Mandate.Storage.Conformance;

/// <summary>
/// The <see cref="IAgentStore"/> contract: create/find/list, duplicate ids, round-trip of every field.
/// Optimistic concurrency and last-used times are in <see cref="AgentStoreUpdateConformanceTests"/>.
/// </summary>
public abstract class AgentStoreConformanceTests
{
    private IAgentStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected IAgentStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IAgentStore CreateStore();

    [Fact]
    public async Task FindAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.FindAsync("agt_missing", default));
    }

    [Fact]
    public async Task ListAsync_Empty_ReturnsEmpty()
    {
        Assert.Empty(await Store.ListAsync(default));
    }

    [Fact]
    public async Task CreateAsync_EveryField_RoundTripsWithTimesInUtc()
    {
        var agent = TestData.FullAgent("agt_full");
        await Store.CreateAsync(agent, default);

        var found = await Store.FindAsync(agent.Id, default);

        Assert.NotNull(found);
        AssertSameAgent(agent, found);
        AssertSameAgent(agent, Assert.Single(await Store.ListAsync(default)));
    }

    [Fact]
    public async Task CreateAsync_NullsAndEmptyLists_RoundTrip()
    {
        var agent = TestData.MinimalAgent("agt_min") with
        {
            AllowedScopes = [], DefaultScopes = [], AllowedAudiences = [], AllowedGrantTypes = [],
            TokenLifetime = TimeSpan.Zero,
        };
        await Store.CreateAsync(agent, default);

        var found = await Store.FindAsync(agent.Id, default);

        Assert.NotNull(found);
        AssertSameAgent(agent, found);
        Assert.Null(found.Owner);
        Assert.Null(found.SecretHash);
        Assert.Null(found.Jwks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(DpopRequirement.Allowed)]
    [InlineData(DpopRequirement.Required)]
    public async Task Dpop_RoundTripsThroughCreateAndUpdate(DpopRequirement? dpop)
    {
        var agent = TestData.MinimalAgent("agt_dpop") with { Dpop = dpop };
        await Store.CreateAsync(agent, default);
        Assert.Equal(dpop, (await Store.FindAsync(agent.Id, default))!.Dpop);

        var flipped = agent with { Dpop = dpop == DpopRequirement.Required ? DpopRequirement.Allowed : DpopRequirement.Required };
        Assert.True(await Store.UpdateAsync(flipped, 0, default));
        Assert.Equal(flipped.Dpop, (await Store.FindAsync(agent.Id, default))!.Dpop);
    }

    [Fact]
    public async Task CreateAsync_Defaults_RoundTrip()
    {
        var agent = TestData.MinimalAgent("agt_defaults");
        await Store.CreateAsync(agent, default);

        var found = await Store.FindAsync(agent.Id, default);

        Assert.NotNull(found);
        Assert.Equal(["client_credentials"], found.AllowedGrantTypes);
        Assert.Equal(TimeSpan.FromMinutes(5), found.TokenLifetime);
        Assert.Equal(AgentStatus.Active, found.Status);
        Assert.Equal(0, found.Version);
    }

    [Fact]
    public async Task CreateAsync_VersionAsGiven_IsKept()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_v") with { Version = 7 }, default);

        Assert.Equal(7, (await Store.FindAsync("agt_v", default))!.Version);
    }

    [Fact]
    public async Task CreateAsync_DuplicateId_ThrowsDuplicateAgentExceptionAndKeepsOriginal()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_dup") with { Name = "first" }, default);

        var ex = await Assert.ThrowsAsync<DuplicateAgentException>(
            async () => await Store.CreateAsync(TestData.MinimalAgent("agt_dup") with { Name = "second" }, default));

        Assert.Equal("agt_dup", ex.Id);
        Assert.Equal("first", (await Store.FindAsync("agt_dup", default))!.Name);
        Assert.Single(await Store.ListAsync(default));
    }

    [Fact]
    public async Task CreateAsync_ConcurrentSameId_ExactlyOneSucceeds()
    {
        var results = await TestData.RunInParallelAsync(20, async i =>
        {
            try
            {
                await Store.CreateAsync(TestData.MinimalAgent("agt_race") with { Name = "n" + i }, default);
                return true;
            }
            catch (DuplicateAgentException)
            {
                return false;
            }
        });

        Assert.Single(results, r => r);
        Assert.Single(await Store.ListAsync(default));
    }

    [Fact]
    public async Task ListAsync_AgentsCreatedOutOfOrder_AreOrderedByCreationInstant()
    {
        // 08:00Z, 09:00Z and 07:00Z written with different offsets: order is by instant, not by text.
        await Store.CreateAsync(TestData.MinimalAgent("agt_b", new DateTimeOffset(2030, 1, 1, 10, 0, 0, TimeSpan.FromHours(2))), default);
        await Store.CreateAsync(TestData.MinimalAgent("agt_c", new DateTimeOffset(2030, 1, 1, 4, 0, 0, TimeSpan.FromHours(-5))), default);
        await Store.CreateAsync(TestData.MinimalAgent("agt_a", new DateTimeOffset(2030, 1, 1, 7, 0, 0, TimeSpan.Zero)), default);

        var ids = (await Store.ListAsync(default)).Select(a => a.Id);

        Assert.Equal(["agt_a", "agt_b", "agt_c"], ids);
    }

    [Fact]
    public async Task FindAsync_MutatingTheResult_DoesNotChangeTheStore()
    {
        await Store.CreateAsync(TestData.FullAgent("agt_iso"), default);
        var found = await Store.FindAsync("agt_iso", default);
        found!.SecretHash![0] ^= 0xFF;

        var again = await Store.FindAsync("agt_iso", default);

        Assert.Equal(TestData.FullAgent("agt_iso").SecretHash, again!.SecretHash);
    }

    /// <summary>Asserts every field is equal, times as UTC instants.</summary>
    protected static void AssertSameAgent(Agent expected, Agent actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.ClientId, actual.ClientId);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Owner, actual.Owner);
        Assert.Equal(expected.AllowedScopes, actual.AllowedScopes);
        Assert.Equal(expected.DefaultScopes, actual.DefaultScopes);
        Assert.Equal(expected.AllowedAudiences, actual.AllowedAudiences);
        Assert.Equal(expected.AllowedGrantTypes, actual.AllowedGrantTypes);
        Assert.Equal(expected.TokenLifetime, actual.TokenLifetime);
        Assert.Equal(expected.Status, actual.Status);
        TestData.AssertUtc(expected.ExpiresAt, actual.ExpiresAt);
        TestData.AssertUtc(expected.CreatedAt, actual.CreatedAt);
        TestData.AssertUtc(expected.LastUsedAt, actual.LastUsedAt);
        Assert.Equal(expected.SecretHash, actual.SecretHash);
        Assert.Equal(expected.Jwks, actual.Jwks);
        Assert.Equal(expected.Dpop, actual.Dpop);
        Assert.Equal(expected.Version, actual.Version);
    }
}

namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IAgentMonitoringStore"/> contract: policies replace, networks are first-writer-wins per agent.</summary>
public abstract class AgentMonitoringStoreConformanceTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);
    private IAgentMonitoringStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected IAgentMonitoringStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IAgentMonitoringStore CreateStore();

    [Fact]
    public async Task GetPolicyAsync_NoPolicy_ReturnsNull()
    {
        Assert.Null(await Store.GetPolicyAsync("agt_none", default));
    }

    [Fact]
    public async Task SetPolicyAsync_ThenGet_RoundTripsEveryField()
    {
        var policy = new AgentMonitoringPolicy
        {
            AgentId = "agt_1",
            AllowedHoursStart = 8,
            AllowedHoursEnd = 18,
            TimeZone = "Europe/Paris",
            AllowedCidrs = ["10.0.0.0/8", "2001:db8::/32"],
            AutoSuspend = true,
            HoursMode = PolicyRuleMode.AlertOnly,
            NetworksMode = PolicyRuleMode.Enforce,
            TokensPerMinute = 60,
            TokensPerDay = 10_000,
            MaxTokenFamilies = 7,
            UpdatedAt = At,
        };

        await Store.SetPolicyAsync(policy, default);
        var stored = await Store.GetPolicyAsync("agt_1", default);

        Assert.NotNull(stored);
        Assert.Equal(8, stored.AllowedHoursStart);
        Assert.Equal(18, stored.AllowedHoursEnd);
        Assert.Equal("Europe/Paris", stored.TimeZone);
        Assert.Equal(["10.0.0.0/8", "2001:db8::/32"], stored.AllowedCidrs);
        Assert.True(stored.AutoSuspend);
        Assert.Equal(PolicyRuleMode.AlertOnly, stored.HoursMode);
        Assert.Equal(PolicyRuleMode.Enforce, stored.NetworksMode);
        Assert.Equal(60, stored.TokensPerMinute);
        Assert.Equal(10_000, stored.TokensPerDay);
        Assert.Equal(7, stored.MaxTokenFamilies);
        Assert.Equal(At, stored.UpdatedAt);
    }

    [Fact]
    public async Task SetPolicyAsync_Twice_ReplacesThePolicy()
    {
        await Store.SetPolicyAsync(new AgentMonitoringPolicy { AgentId = "agt_1", AllowedHoursStart = 8, AllowedHoursEnd = 18, AllowedCidrs = ["10.0.0.0/8"], HoursMode = PolicyRuleMode.AlertOnly, NetworksMode = PolicyRuleMode.AlertOnly, TokensPerMinute = 5, TokensPerDay = 50, MaxTokenFamilies = 3, UpdatedAt = At }, default);
        await Store.SetPolicyAsync(new AgentMonitoringPolicy { AgentId = "agt_1", UpdatedAt = At.AddHours(1) }, default);

        var stored = await Store.GetPolicyAsync("agt_1", default);

        Assert.NotNull(stored);
        Assert.Null(stored.AllowedHoursStart);
        Assert.Null(stored.AllowedHoursEnd);
        Assert.Null(stored.TimeZone);
        Assert.Empty(stored.AllowedCidrs);
        Assert.False(stored.AutoSuspend);
        Assert.Equal(PolicyRuleMode.Enforce, stored.HoursMode);
        Assert.Equal(PolicyRuleMode.Enforce, stored.NetworksMode);
        Assert.Null(stored.TokensPerMinute);
        Assert.Null(stored.TokensPerDay);
        Assert.Null(stored.MaxTokenFamilies);
        Assert.Equal(At.AddHours(1), stored.UpdatedAt);
    }

    [Fact]
    public async Task TryAddNetworkAsync_FirstTimeTrue_ThenFalse_PerAgent()
    {
        Assert.True(await Store.TryAddNetworkAsync("agt_1", "203.0.113.0/24", At, default));
        Assert.False(await Store.TryAddNetworkAsync("agt_1", "203.0.113.0/24", At.AddMinutes(1), default));
        Assert.True(await Store.TryAddNetworkAsync("agt_2", "203.0.113.0/24", At, default));
        Assert.True(await Store.TryAddNetworkAsync("agt_1", "2001:db8:1::/48", At, default));

        Assert.Equal(2, await Store.CountNetworksAsync("agt_1", default));
        Assert.Equal(1, await Store.CountNetworksAsync("agt_2", default));
        Assert.Equal(0, await Store.CountNetworksAsync("agt_3", default));
    }

    [Fact]
    public async Task TryAddNetworkAsync_ConcurrentWriters_ExactlyOneSeesItAsNew()
    {
        // The store is created before the writers start: Store's lazy creation is not thread-safe, and two writers
        // that each created a store would each see the network as new.
        var store = Store;
        var results = await TestData.RunInParallelAsync(20, async _ =>
            await store.TryAddNetworkAsync("agt_1", "198.51.100.0/24", At, default));

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task AddNetworksAsync_Batch_ZeroForKnownPairs_ElseTheAgentsCountAfterTheAdd()
    {
        await Store.TryAddNetworkAsync("agt_1", "203.0.113.0/24", At, default);

        var results = await Store.AddNetworksAsync(
        [
            new AgentNetworkSighting("agt_1", "203.0.113.0/24", At),
            new AgentNetworkSighting("agt_2", "198.51.100.0/24", At),
            new AgentNetworkSighting("agt_1", "198.51.100.0/24", At),
            new AgentNetworkSighting("agt_2", "198.51.100.0/24", At.AddMinutes(1)),
            new AgentNetworkSighting("agt_2", "2001:db8:1::/48", At),
        ], default);

        Assert.Equal([0, 1, 2, 0, 2], results);
        Assert.Equal(2, await Store.CountNetworksAsync("agt_1", default));
        Assert.Equal(2, await Store.CountNetworksAsync("agt_2", default));
        Assert.Empty(await Store.AddNetworksAsync([], default));
    }
}

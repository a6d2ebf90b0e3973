using Mandate.Server.Anomaly;
using Mandate.Storage;
using Mandate.Storage.InMemory;

namespace Mandate.Server.Tests.Anomaly;

/// <summary>Policies are read once per agent per node, concurrently across agents, and never kept across an invalidation.</summary>
public sealed class MonitoringPolicyCacheTests
{
    [Fact]
    public async Task GetAsync_ManyConcurrentFirstRequests_OneStoreReadPerAgent_NoAgentWaitsForAnother()
    {
        var store = new GatedMonitoringStore();
        var cache = new MonitoringPolicyCache(store);
        store.Hold("agt_slow");

        var slow = Enumerable.Range(0, 50).Select(_ => cache.GetAsync("agt_slow", default).AsTask()).ToArray();
        var others = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => cache.GetAsync("agt_" + i, default).AsTask()))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(others, Assert.Null);
        Assert.DoesNotContain(slow, t => t.IsCompleted);
        store.Release("agt_slow");
        var policies = await Task.WhenAll(slow).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(policies, p => Assert.Equal(7, p!.TokensPerMinute));
        Assert.Equal(1, store.Reads("agt_slow"));
        Assert.Equal(1, store.Reads("agt_3"));
        Assert.Null(await cache.GetAsync("agt_3", default));
        Assert.Equal(1, store.Reads("agt_3")); // an agent without a policy is cached too
        Assert.Equal(201, cache.Count);
    }

    [Fact]
    public async Task GetAsync_InvalidatedWhileLoading_AnswersButDoesNotKeepTheOldPolicy()
    {
        var store = new GatedMonitoringStore();
        var cache = new MonitoringPolicyCache(store);
        store.Hold("agt_slow");

        var loading = cache.GetAsync("agt_slow", default).AsTask();
        cache.Invalidate("agt_slow");
        store.Release("agt_slow");
        await loading.WaitAsync(TimeSpan.FromSeconds(10));
        await cache.GetAsync("agt_slow", default);

        Assert.Equal(2, store.Reads("agt_slow"));
    }

    private sealed class GatedMonitoringStore : IAgentMonitoringStore
    {
        private readonly InMemoryAgentMonitoringStore _inner = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _held = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _reads = new();

        public void Hold(string agentId) => _held[agentId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release(string agentId) => _held[agentId].SetResult();

        public int Reads(string agentId) => _reads.GetValueOrDefault(agentId);

        public async ValueTask<AgentMonitoringPolicy?> GetPolicyAsync(string agentId, CancellationToken cancellationToken)
        {
            _reads.AddOrUpdate(agentId, 1, (_, n) => n + 1);
            if (_held.TryGetValue(agentId, out var gate))
            {
                await gate.Task;
                return new AgentMonitoringPolicy { AgentId = agentId, TokensPerMinute = 7 };
            }

            return await _inner.GetPolicyAsync(agentId, cancellationToken);
        }

        public ValueTask SetPolicyAsync(AgentMonitoringPolicy policy, CancellationToken cancellationToken) => _inner.SetPolicyAsync(policy, cancellationToken);

        public ValueTask<bool> TryAddNetworkAsync(string agentId, string network, DateTimeOffset seenAt, CancellationToken cancellationToken) =>
            _inner.TryAddNetworkAsync(agentId, network, seenAt, cancellationToken);

        public ValueTask<IReadOnlyList<int>> AddNetworksAsync(IReadOnlyList<AgentNetworkSighting> sightings, CancellationToken cancellationToken) =>
            _inner.AddNetworksAsync(sightings, cancellationToken);

        public ValueTask<int> CountNetworksAsync(string agentId, CancellationToken cancellationToken) => _inner.CountNetworksAsync(agentId, cancellationToken);
    }
}

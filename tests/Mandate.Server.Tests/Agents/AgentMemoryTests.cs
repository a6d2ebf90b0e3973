using System.Globalization;
using Mandate.Server.Agents;
using Mandate.Server.Anomaly;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Mandate.Server.Tests.Agents;

/// <summary>Alone in its collection: the GC heap is measured, so no other test may allocate meanwhile.</summary>
[CollectionDefinition(nameof(AgentMemoryTests), DisableParallelization = true)]
public sealed class AgentMemoryCollection;

/// <summary>
/// What the server holds per active agent: its record in the agent cache, its (absent) monitoring policy, its last use,
/// its rate baseline and its known network. Measured as the GC heap delta with 100,000 agents held.
/// </summary>
[Collection(nameof(AgentMemoryTests))]
public sealed class AgentMemoryTests(ITestOutputHelper output)
{
    private const int Agents = 100_000;

    [Fact]
    public async Task HundredThousandActiveAgents_AtMostTwoKilobytesEach()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var cache = new AgentCache(new InMemoryAgentStore(), time, Options.Create(new MandateServerOptions()));
        var policies = new MonitoringPolicyCache(new InMemoryAgentMonitoringStore());
        var lastUsed = new LastUsedTracker();
        var anomaly = Options.Create(new AnomalyOptions());
        var rateSpike = new RateSpikeRule(anomaly);
        using var geo = new GeoIpCountryLookup(anomaly);
        var networks = new NetworkRule(new DiscardingNetworkStore(), geo, anomaly, time);
        var ids = new string[Agents];
        for (var i = 0; i < Agents; i++)
        {
            ids[i] = "agt_" + i.ToString("D22", CultureInfo.InvariantCulture);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var alerts = new List<AnomalyAlert>();
        for (var i = 0; i < Agents; i++)
        {
            // Every field its own instance, as a store read produces them.
            var agent = StoredAgent(ids[i], i, time.GetUtcNow());
            cache.Set(agent);
            await policies.GetAsync(agent.Id, default);
            lastUsed.Record(agent.Id, time.GetUtcNow());
            var input = new AnomalyInput(Issued(agent.Id, i, time.GetUtcNow()), agent.Id, agent, null);
            await rateSpike.EvaluateAsync(input, alerts, default);
            await networks.EvaluateAsync(input, alerts, default);
            if (networks.Pending >= IBatchedAnomalyRule.MaxPending)
            {
                await networks.FlushAsync([], default);
            }
        }

        await networks.FlushAsync([], default);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perAgent = (after - before) / (double)Agents;
        output.WriteLine($"GC heap delta: {(after - before) / 1024.0 / 1024.0:F1} MiB for {Agents} agents = {perAgent:F0} bytes per agent");

        Assert.Equal(Agents, cache.Count);
        Assert.Equal(Agents, policies.Count);
        Assert.Empty(alerts);
        Assert.InRange(perAgent, 1, 2048);
        GC.KeepAlive(lastUsed);
        GC.KeepAlive(rateSpike);
        GC.KeepAlive(networks);
    }

    private static Agent StoredAgent(string id, int i, DateTimeOffset now) => new()
    {
        Id = new string(id),
        ClientId = new string(id),
        Name = "fleet-agent-" + i.ToString(CultureInfo.InvariantCulture),
        Owner = "owner-" + (i % 100).ToString(CultureInfo.InvariantCulture) + "@example.test",
        AllowedScopes = [new string("tools:read"), new string("tools:write")],
        DefaultScopes = [],
        AllowedAudiences = [new string("https://api.example.test")],
        AllowedGrantTypes = [new string("client_credentials")],
        CreatedAt = now,
        ExpiresAt = now.AddDays(90),
        SecretHash = new byte[32],
        Version = 1,
    };

    private static AuditRecord Issued(string agentId, int i, DateTimeOffset now) => new()
    {
        Timestamp = now,
        Type = AuditEventTypes.TokenIssued,
        AgentId = agentId,
        ClientId = agentId,
        ClientAddress = "10." + (i >> 16 & 255).ToString(CultureInfo.InvariantCulture) + "." + (i >> 8 & 255).ToString(CultureInfo.InvariantCulture) + ".7",
    };

    private sealed class DiscardingNetworkStore : IAgentMonitoringStore
    {
        public ValueTask<AgentMonitoringPolicy?> GetPolicyAsync(string agentId, CancellationToken cancellationToken) => ValueTask.FromResult<AgentMonitoringPolicy?>(null);

        public ValueTask SetPolicyAsync(AgentMonitoringPolicy policy, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<bool> TryAddNetworkAsync(string agentId, string network, DateTimeOffset seenAt, CancellationToken cancellationToken) => ValueTask.FromResult(true);

        public ValueTask<IReadOnlyList<int>> AddNetworksAsync(IReadOnlyList<AgentNetworkSighting> sightings, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<int>>(new int[sightings.Count]);

        public ValueTask<int> CountNetworksAsync(string agentId, CancellationToken cancellationToken) => ValueTask.FromResult(1);
    }
}

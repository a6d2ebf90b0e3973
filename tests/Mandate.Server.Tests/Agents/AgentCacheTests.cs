using Mandate.Server.Agents;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Agents;

/// <summary>Agent records held in memory while unchanged, dropped by the store's change feed, loaded once per agent.</summary>
public sealed class AgentCacheTests : IAsyncLifetime
{
    private readonly CountingAgentStore _store = new();
    private ServerHarness _server = null!;

    private AgentCache Cache => _server.Services.GetRequiredService<AgentCache>();

    private AgentChangeFollower Follower => _server.Services.GetRequiredService<AgentChangeFollower>();

    public async Task InitializeAsync() =>
        _server = await ServerHarness.CreateAsync(services: s => s.AddSingleton<IAgentStore>(_store));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task FindAsync_UnchangedAndConfirmedByPolls_NeverReadsTheStoreAgain()
    {
        var (agent, _) = await _server.CreateAgentAsync();
        await Follower.PollOnceAsync(CancellationToken.None); // joins the feed at its head
        Assert.NotNull(await Cache.FindAsync(agent.Id, CancellationToken.None));
        var reads = _store.Reads;

        for (var i = 0; i < 600; i++)
        {
            _server.Time.Advance(TimeSpan.FromSeconds(1));
            await Follower.PollOnceAsync(CancellationToken.None);
            Assert.Equal(agent.Id, (await Cache.FindAsync(agent.Id, CancellationToken.None))!.Id);
        }

        Assert.Equal(reads, _store.Reads);
    }

    [Fact]
    public async Task FindAsync_ChangedInTheStoreByAnotherNode_SeenAfterTheNextPoll()
    {
        var (agent, _) = await _server.CreateAgentAsync();
        await Follower.PollOnceAsync(CancellationToken.None);
        Assert.Equal(AgentStatus.Active, (await Cache.FindAsync(agent.Id, CancellationToken.None))!.Status);

        var current = (await _store.FindAsync(agent.Id, CancellationToken.None))!;
        Assert.True(await _store.UpdateAsync(current with { Status = AgentStatus.Suspended }, current.Version, CancellationToken.None));
        Assert.Equal(AgentStatus.Active, (await Cache.FindAsync(agent.Id, CancellationToken.None))!.Status);

        await Follower.PollOnceAsync(CancellationToken.None);
        Assert.Equal(AgentStatus.Suspended, (await Cache.FindAsync(agent.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task FindAsync_PollsStop_EntryAgesOutAfterTheStalenessBound()
    {
        var (agent, _) = await _server.CreateAgentAsync();
        await Follower.PollOnceAsync(CancellationToken.None);
        await Follower.PollOnceAsync(CancellationToken.None);
        Assert.NotNull(await Cache.FindAsync(agent.Id, CancellationToken.None));
        var bound = AgentCache.Staleness(_store, new MandateServerOptions());
        Assert.Equal(TimeSpan.FromSeconds(3), bound); // AgentCacheDuration 2 s + StorePollInterval 1 s
        var current = (await _store.FindAsync(agent.Id, CancellationToken.None))!;
        Assert.True(await _store.UpdateAsync(current with { Status = AgentStatus.Suspended }, current.Version, CancellationToken.None));

        _server.Time.Advance(bound - TimeSpan.FromTicks(1));
        Assert.Equal(AgentStatus.Active, (await Cache.FindAsync(agent.Id, CancellationToken.None))!.Status);
        _server.Time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(AgentStatus.Suspended, (await Cache.FindAsync(agent.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task FindAsync_ManyConcurrentFirstRequestsOfOneAgent_OneStoreRead()
    {
        var (agent, _) = await _server.CreateAgentAsync();
        Cache.InvalidateAll();
        _store.GatedId = agent.Id;
        var reads = _store.Reads;

        var waiting = Enumerable.Range(0, 100).Select(_ => Cache.FindAsync(agent.Id, CancellationToken.None).AsTask()).ToArray();
        _store.Gate.SetResult();
        var found = await Task.WhenAll(waiting);

        Assert.All(found, a => Assert.Equal(agent.Id, a!.Id));
        Assert.Equal(reads + 1, _store.Reads);
    }

    [Fact]
    public async Task FindAsync_OneAgentsLoadIsSlow_OtherAgentsAreNotHeldBack()
    {
        var (slow, _) = await _server.CreateAgentAsync();
        var (other, _) = await _server.CreateAgentAsync();
        Cache.InvalidateAll();
        _store.GatedId = slow.Id;

        var slowFind = Cache.FindAsync(slow.Id, CancellationToken.None).AsTask();
        var otherFind = Cache.FindAsync(other.Id, CancellationToken.None).AsTask();

        Assert.Equal(other.Id, (await otherFind.WaitAsync(TimeSpan.FromSeconds(10)))!.Id);
        Assert.False(slowFind.IsCompleted);
        _store.Gate.SetResult();
        Assert.Equal(slow.Id, (await slowFind)!.Id);
    }

    [Fact]
    public async Task FindAsync_WaiterCancelled_SharedLoadStillServesTheOthers()
    {
        var (agent, _) = await _server.CreateAgentAsync();
        Cache.InvalidateAll();
        _store.GatedId = agent.Id;
        using var cancel = new CancellationTokenSource();

        var cancelled = Cache.FindAsync(agent.Id, cancel.Token).AsTask();
        var patient = Cache.FindAsync(agent.Id, CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        _store.Gate.SetResult();

        Assert.Equal(agent.Id, (await patient)!.Id);
    }

    [Fact]
    public async Task FindAsync_InvalidatedWhileLoading_AnswerUsedOnceButNotKept()
    {
        var (agent, _) = await _server.CreateAgentAsync();
        await Follower.PollOnceAsync(CancellationToken.None);
        Cache.InvalidateAll();
        _store.GatedId = agent.Id;

        var loading = Cache.FindAsync(agent.Id, CancellationToken.None).AsTask();
        Cache.Invalidate(agent.Id);
        _store.Gate.SetResult();
        Assert.NotNull(await loading);
        var reads = _store.Reads;

        Assert.NotNull(await Cache.FindAsync(agent.Id, CancellationToken.None));
        Assert.Equal(reads + 1, _store.Reads);
    }

    [Fact]
    public async Task FindAsync_UnknownIdRepeated_ReadsTheStoreOnce()
    {
        await Follower.PollOnceAsync(CancellationToken.None);
        var reads = _store.Reads;

        for (var i = 0; i < 50; i++)
        {
            Assert.Null(await Cache.FindAsync("agt_unknown", CancellationToken.None));
        }

        Assert.Equal(reads + 1, _store.Reads);
    }

    [Fact]
    public async Task FindAsync_UnknownIdThenCreatedOnThisNode_FoundAtOnce()
    {
        var (template, _) = await _server.CreateAgentAsync();
        var agent = template with { Id = "agt_later", ClientId = "agt_later" };
        Assert.Null(await Cache.FindAsync(agent.Id, CancellationToken.None));

        await _store.CreateAsync(agent, CancellationToken.None);
        Cache.Set(agent);

        Assert.Equal(agent.Id, (await Cache.FindAsync(agent.Id, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task FindAsync_UnknownIdThenCreatedByAnotherNode_FoundAfterTheNextPoll()
    {
        var (template, _) = await _server.CreateAgentAsync();
        await Follower.PollOnceAsync(CancellationToken.None);
        var agent = template with { Id = "agt_elsewhere", ClientId = "agt_elsewhere" };
        Assert.Null(await Cache.FindAsync(agent.Id, CancellationToken.None));

        await _store.CreateAsync(agent, CancellationToken.None);
        Assert.Null(await Cache.FindAsync(agent.Id, CancellationToken.None));

        await Follower.PollOnceAsync(CancellationToken.None);
        Assert.Equal(agent.Id, (await Cache.FindAsync(agent.Id, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task FindAsync_UnknownIdAndPollsStop_ForgottenAfterTheStalenessBound()
    {
        await Follower.PollOnceAsync(CancellationToken.None);
        Assert.Null(await Cache.FindAsync("agt_unknown", CancellationToken.None));
        var reads = _store.Reads;

        _server.Time.Advance(AgentCache.Staleness(_store, new MandateServerOptions()));
        Assert.Null(await Cache.FindAsync("agt_unknown", CancellationToken.None));

        Assert.Equal(reads + 1, _store.Reads);
    }
}

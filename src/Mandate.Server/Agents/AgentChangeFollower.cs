// Several servers sharing one store: every StorePollInterval, and at once when the store announces an agent change
// (IStoreChangeSignal), this reads the agents changed since its last poll from the
// store's change feed (IAgentChangeFeed) and drops them from AgentCache and MonitoringPolicyCache, so an agent
// record is held in memory for as long as it is unchanged. The first poll only takes the feed's head and drops
// everything cached before it. A poll that applied every change confirms the cache (AgentCache.Confirm); when polls
// fail, entries age out after the cache's staleness bound. Without a feed (a store that does not offer one) or with
// following off, this does nothing and AgentCache falls back to AgentCacheDuration.
using Mandate.Server.Anomaly;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Agents;

internal sealed class AgentChangeFollower(
    IAgentStore store,
    AgentCache agents,
    MonitoringPolicyCache policies,
    MandateServerInitializer initializer,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<AgentChangeFollower> logger,
    IStoreChangeSignal? changes = null) : StoreFollower(initializer, timeProvider, options, logger, changes)
{
    protected override StoreChangeKind Watches => StoreChangeKind.Agents;

    // Each successful poll confirms AgentCache (its staleness bound is AgentCacheDuration + StorePollInterval), so the
    // poll keeps its interval while the store pushes changes; the push only makes a change arrive sooner.
    protected override bool SlowsWhileListening => false;

    private const int PageSize = 1_000;

    private readonly TimeProvider _time = timeProvider;
    private long _cursor = -1;

    /// <summary>Applies the agent changes committed since the previous poll.</summary>
    public override async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        if (store is not IAgentChangeFeed feed)
        {
            return;
        }

        var startedAt = _time.GetUtcNow();
        if (_cursor < 0)
        {
            _cursor = (await feed.ReadChangesAsync(-1, 1, cancellationToken).ConfigureAwait(false)).Cursor;
            agents.InvalidateAll();
            policies.InvalidateAll();
            return;
        }

        var changed = 0;
        AgentChanges page;
        do
        {
            page = await feed.ReadChangesAsync(_cursor, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var id in page.AgentIds)
            {
                agents.Invalidate(id);
                policies.Invalidate(id);
            }

            changed += page.AgentIds.Count;
            _cursor = page.Cursor;
        }
        while (page.AgentIds.Count == PageSize);

        agents.Confirm(startedAt);
        if (changed > 0)
        {
            Log.AgentChangesFollowed(logger, changed, _cursor);
        }
    }
}

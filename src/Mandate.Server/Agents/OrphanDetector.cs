// Agents nobody uses any more (orphans). An agent that is not decommissioned is an orphan when it has
// expired (ExpiresAt reached) or when it has not obtained a token for OrphanAfter (last use, or creation when it
// was never used). Last-use times come from the store, so they lag by at most LastUsedFlushInterval.
using System.Runtime.CompilerServices;
using Mandate.Protocol;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Agents;

internal sealed class OrphanDetector(IAgentStore store, TimeProvider timeProvider, IOptions<MandateServerOptions> options)
{
    /// <summary>Why an agent is an orphan: <c>expired</c> or <c>unused</c>.</summary>
    public const string Expired = "expired";

    /// <summary>The agent has not obtained a token for <see cref="MandateServerOptions.OrphanAfter"/>.</summary>
    public const string Unused = "unused";

    /// <summary>Every orphan with the reason, in creation order, read from the store a page at a time (memory stays
    /// bounded whatever the number of agents).</summary>
    public async IAsyncEnumerable<(Agent Agent, string Reason)> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var (orphans, next) = await FindPageAsync(new AgentQuery { Limit = ScanPageSize, Cursor = cursor }, null, cancellationToken).ConfigureAwait(false);
            foreach (var orphan in orphans)
            {
                yield return orphan;
            }

            cursor = next;
        }
        while (cursor is not null);
    }

    /// <summary>Why <paramref name="agent"/> is an orphan now (<see cref="Expired"/> or <see cref="Unused"/>), or null.</summary>
    public string? ReasonFor(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return Reason(agent, timeProvider.GetUtcNow());
    }

    /// <summary>The agents read per store page while looking for one page of orphans.</summary>
    internal const int ScanPageSize = 1_000;

    /// <summary>
    /// One page of orphans in creation order (the agent list's order), at most <c>query.Limit</c> of them, with the
    /// cursor of the next page (null after the last). The store is read a page of <see cref="ScanPageSize"/> agents at
    /// a time from <c>query.Cursor</c>, with the query's owner and status filters, so memory stays bounded whatever the
    /// number of agents.
    /// </summary>
    /// <param name="query">Cursor, page size and filters, as for the agent list.</param>
    /// <param name="reason"><see cref="Expired"/>, <see cref="Unused"/>, or null for both.</param>
    /// <param name="cancellationToken">Cancels the store reads.</param>
    public async Task<(IReadOnlyList<(Agent Agent, string Reason)> Orphans, string? NextCursor)> FindPageAsync(
        AgentQuery query, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = timeProvider.GetUtcNow();
        var orphans = new List<(Agent, string)>();
        var cursor = query.Cursor;
        while (true)
        {
            var page = await store.ListPageAsync(query with { Cursor = cursor, Limit = ScanPageSize }, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < page.Agents.Count; i++)
            {
                var agent = page.Agents[i];
                if (Reason(agent, now) is { } found && (reason is null || reason == found))
                {
                    orphans.Add((agent, found));
                    if (orphans.Count == query.Limit)
                    {
                        var more = i < page.Agents.Count - 1 || page.NextCursor is not null;
                        return (orphans, more ? AgentCursor.After(agent) : null);
                    }
                }
            }

            if (page.NextCursor is null)
            {
                return (orphans, null);
            }

            cursor = page.NextCursor;
        }
    }

    private string? Reason(Agent agent, DateTimeOffset now)
    {
        if (agent.Status == AgentStatus.Decommissioned)
        {
            return null;
        }

        if (agent.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            return Expired;
        }

        var orphanAfter = options.Value.OrphanAfter;
        return orphanAfter > TimeSpan.Zero && (agent.LastUsedAt ?? agent.CreatedAt) + orphanAfter <= now ? Unused : null;
    }

    /// <summary>True for agents the policy never suspends automatically: admins (suspending the last admin would lock
    /// the operator out of the admin API).</summary>
    public static bool IsExempt(Agent agent) => AgentPolicyValidator.Contains(agent.AllowedScopes, MandateScopes.Admin);
}

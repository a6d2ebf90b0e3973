// Issue 6 §5: agents nobody uses any more (orphans). An agent that is not decommissioned is an orphan when it has
// expired (ExpiresAt reached) or when it has not obtained a token for OrphanAfter (last use, or creation when it
// was never used). Last-use times come from the store, so they lag by at most LastUsedFlushInterval.
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

    /// <summary>Every orphan with the reason, oldest last use first.</summary>
    public async Task<IReadOnlyList<(Agent Agent, string Reason)>> FindAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var orphanAfter = options.Value.OrphanAfter;
        var orphans = new List<(Agent, string)>();
        foreach (var agent in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (agent.Status == AgentStatus.Decommissioned)
            {
                continue;
            }

            if (agent.ExpiresAt is { } expiresAt && expiresAt <= now)
            {
                orphans.Add((agent, Expired));
            }
            else if (orphanAfter > TimeSpan.Zero && (agent.LastUsedAt ?? agent.CreatedAt) + orphanAfter <= now)
            {
                orphans.Add((agent, Unused));
            }
        }

        orphans.Sort(static (a, b) => (a.Item1.LastUsedAt ?? a.Item1.CreatedAt).CompareTo(b.Item1.LastUsedAt ?? b.Item1.CreatedAt));
        return orphans;
    }

    /// <summary>True for agents the policy never suspends automatically: admins (suspending the last admin would lock
    /// the operator out of the admin API).</summary>
    public static bool IsExempt(Agent agent) => AgentPolicyValidator.Contains(agent.AllowedScopes, MandateScopes.Admin);
}

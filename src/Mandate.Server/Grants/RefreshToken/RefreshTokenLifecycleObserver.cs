// Issue 6 §1: suspending or decommissioning an agent (also automatically as an orphan), or rotating its secret
// with --revoke-tokens, kills every refresh-token family it holds or is the subject of - durably, so resuming
// the agent does not bring them back. (Its access tokens are covered by the not-before mark.)
using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.Grants.RefreshToken;

internal sealed class RefreshTokenLifecycleObserver(IRefreshTokenStore store, ILogger<RefreshTokenLifecycleObserver> logger) : IAgentLifecycleObserver
{
    public async ValueTask OnAgentChangedAsync(Agent agent, string action, string? actorClientId, CancellationToken cancellationToken)
    {
        if (action is "suspend" or "decommission" or "rotate-secret-revoke-tokens" || action.StartsWith("orphan-", StringComparison.Ordinal))
        {
            var count = await store.RevokeByAgentAsync(agent.Id, cancellationToken).ConfigureAwait(false);
            Log.RefreshTokensRevokedForAgent(logger, count, agent.Id, action);
        }
    }
}

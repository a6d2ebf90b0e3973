using Mandate.Storage;

namespace Mandate.Server.Agents;

/// <summary>
/// Told about every agent lifecycle change after it is stored: the hook for the audit log (created,
/// suspended, resumed, decommissioned, secret rotated, suspended as orphan). Register implementations with
/// <c>TryAddEnumerable</c>; none are registered by default. An observer that throws does not undo the change.
/// </summary>
public interface IAgentLifecycleObserver
{
    /// <summary>Called once per stored change.</summary>
    /// <param name="agent">The agent after the change (never carries the secret).</param>
    /// <param name="action"><c>create</c>, <c>suspend</c>, <c>resume</c>, <c>decommission</c>, <c>rotate-secret</c>,
    /// <c>rotate-secret-revoke-tokens</c> or <c>orphan-expired</c>/<c>orphan-unused</c> (automatic suspension).</param>
    /// <param name="actorClientId">The admin client that made the change, or null for the server itself.</param>
    /// <param name="cancellationToken">Cancels the notification.</param>
    ValueTask OnAgentChangedAsync(Agent agent, string action, string? actorClientId, CancellationToken cancellationToken);
}

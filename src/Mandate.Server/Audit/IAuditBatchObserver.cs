using Mandate.Storage;

namespace Mandate.Server.Audit;

/// <summary>
/// Sees every committed audit batch, on the audit writer's loop and after the waiting requests were
/// released, so it costs the token hot path nothing. Implementations must be fast and must not
/// throw; heavy work belongs on their own queue.
/// </summary>
internal interface IAuditBatchObserver
{
    /// <summary>Called once per committed batch, in commit order. The list must not be kept.</summary>
    void OnCommitted(IReadOnlyList<AuditRecord> records);
}

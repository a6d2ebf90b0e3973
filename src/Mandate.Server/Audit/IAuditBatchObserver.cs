using Mandate.Storage;

namespace Mandate.Server.Audit;

/// <summary>
/// Sees every committed audit batch, on the audit writer's loop and after the waiting requests were
/// released, so it costs the token hot path nothing. With <see cref="AuditMode.Off"/> nothing is
/// committed, and it sees each record on the writing request's thread instead, as a batch of one.
/// Implementations must be fast and must not throw; heavy work belongs on their own queue.
/// </summary>
internal interface IAuditBatchObserver
{
    /// <summary>Called once per committed batch, in commit order (with audit off: once per record). The list must not be kept.</summary>
    void OnCommitted(IReadOnlyList<AuditRecord> records);
}

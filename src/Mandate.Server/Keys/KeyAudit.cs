using Mandate.Server.Audit;
using Mandate.Storage;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.Keys;

/// <summary>
/// Writes a <c>key</c> audit record for a signing-key change made outside an admin request: the automatic
/// rotation schedule (<see cref="KeyRotationService"/>) and the first key generated at start-up. A failed
/// commit is logged; the key change already happened.
/// </summary>
internal sealed class KeyAudit(IAuditSink sink, TimeProvider timeProvider, ILogger<KeyAudit> logger)
{
    /// <summary>Records that the server (<c>details: {"actor":"server"}</c>) did <paramref name="action"/> to key <paramref name="keyId"/>.</summary>
    public async Task WriteAsync(string keyId, string action, CancellationToken cancellationToken)
    {
        try
        {
            await sink.WriteAsync(new AuditRecord
            {
                Timestamp = timeProvider.GetUtcNow(),
                Type = AuditEventTypes.KeyChanged,
                KeyId = keyId,
                Reason = action,
                Details = AuditAgentLifecycleObserver.ServerActorDetails,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditUnavailableException exception)
        {
            Log.AdminChangeNotAudited(logger, action, keyId, Faults.FaultText.Of(exception));
        }
    }
}

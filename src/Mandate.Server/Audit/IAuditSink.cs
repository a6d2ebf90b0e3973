using Mandate.Storage;

namespace Mandate.Server.Audit;

/// <summary>
/// Where Mandate (and the host) send <see cref="AuditRecord"/>s. Endpoints that must not act before
/// their event is on record (the token endpoint: no token leaves the server unaudited) await
/// <see cref="WriteAsync"/>. Register your own with <c>TryAdd</c> semantics to replace the default
/// group-commit writer.
/// </summary>
public interface IAuditSink
{
    /// <summary>
    /// Records <paramref name="record"/>. With <see cref="AuditMode.Durable"/> the returned task completes
    /// only once the record is committed to <see cref="IAuditStore"/>; with <see cref="AuditMode.Off"/> at once.
    /// </summary>
    /// <exception cref="AuditUnavailableException">The record could not be committed (store failure, or the server is stopping).</exception>
    ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken);
}

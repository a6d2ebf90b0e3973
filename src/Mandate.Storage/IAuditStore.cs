namespace Mandate.Storage;

/// <summary>
/// The durable audit log. Appends are batched by the caller (group commit): one call is one
/// transaction, so when <see cref="AppendAsync"/> returns every record in the batch is durable and
/// none is lost on a crash that happens after it returns.
/// </summary>
public interface IAuditStore
{
    /// <summary>
    /// Stores <paramref name="records"/> atomically, assigning increasing ids in list order
    /// (<see cref="AuditRecord.Id"/> of the arguments is ignored). An empty list is a no-op.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>Returns the matching records, oldest first (by id), at most <see cref="AuditQuery.Limit"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AuditQuery.Limit"/> is outside 1..100,000.</exception>
    ValueTask<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes records with a timestamp strictly before <paramref name="cutoff"/> (retention).</summary>
    /// <returns>How many records were deleted.</returns>
    ValueTask<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}

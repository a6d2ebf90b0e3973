namespace Mandate.Storage.InMemory;

/// <summary>
/// A thread-safe, process-local <see cref="IAuditStore"/> for tests and single-process hosts.
/// Records are lost when the process exits: not durable.
/// </summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    private readonly List<AuditRecord> _records = [];
    private readonly Lock _gate = new();
    private long _nextId = 1;

    /// <inheritdoc />
    public ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            foreach (var record in records)
            {
                _records.Add(record with { Id = _nextId++ });
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        AuditQueryRules.ThrowIfInvalid(query);
        cancellationToken.ThrowIfCancellationRequested();
        var result = new List<AuditRecord>();
        lock (_gate)
        {
            foreach (var record in query.NewestFirst ? Enumerable.Reverse(_records) : _records)
            {
                if (AuditQueryRules.Matches(query, record))
                {
                    result.Add(record);
                    if (result.Count == query.Limit)
                    {
                        break;
                    }
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<AuditRecord>>(result);
    }

    /// <inheritdoc />
    public ValueTask<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_records.RemoveAll(r => r.Timestamp < cutoff));
        }
    }
}

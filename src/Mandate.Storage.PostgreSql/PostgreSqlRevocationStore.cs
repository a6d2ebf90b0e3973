namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="IRevocationStore"/> over the <c>revocation_events</c> table. The sequence comes from the one-row
/// <c>revocation_head</c> counter, incremented in the same statement that inserts the event: its row lock makes
/// appenders on every node take turns, so sequences are assigned in commit order, never reused after a purge, and a
/// committed head H guarantees that every event up to H is visible (a database sequence would give neither).
/// </summary>
public sealed class PostgreSqlRevocationStore : IRevocationStore
{
    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlRevocationStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<RevocationEvent> AppendAsync(RevocationEvent revocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        await using var command = _database.Command(
            "WITH h AS (UPDATE revocation_head SET head = head + 1 RETURNING head) " +
            "INSERT INTO revocation_events (sequence, kind, subject, at, expires_at) " +
            "SELECT h.head, $1, $2, $3, $4 FROM h RETURNING sequence;")
            .With((int)revocation.Kind)
            .With(revocation.Subject)
            .With(PostgreSqlValues.ToTicks(revocation.At))
            .With(PostgreSqlValues.ToTicks(revocation.ExpiresAt));
        var sequence = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return revocation with { Sequence = sequence, At = revocation.At.ToUniversalTime(), ExpiresAt = revocation.ExpiresAt.ToUniversalTime() };
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RevocationEvent>> ListAfterAsync(long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await using var command = _database.Command(
            "SELECT sequence, kind, subject, at, expires_at FROM revocation_events WHERE sequence > $1 ORDER BY sequence LIMIT $2;")
            .With(afterSequence).With(maxCount);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<RevocationEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new RevocationEvent
            {
                Sequence = reader.GetInt64(0),
                Kind = (RevocationKind)reader.GetInt32(1),
                Subject = reader.GetString(2),
                At = PostgreSqlValues.FromTicks(reader.GetInt64(3)),
                ExpiresAt = PostgreSqlValues.FromTicks(reader.GetInt64(4)),
            });
        }

        return events;
    }

    /// <inheritdoc />
    public async ValueTask<long> GetHeadAsync(CancellationToken cancellationToken)
    {
        await using var command = _database.Command("SELECT head FROM revocation_head;");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _database.Command("DELETE FROM revocation_events WHERE expires_at <= $1;")
            .With(PostgreSqlValues.ToTicks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

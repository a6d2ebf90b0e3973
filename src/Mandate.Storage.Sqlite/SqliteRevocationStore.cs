using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// <see cref="IRevocationStore"/> over the <c>revocation_events</c> table. The sequence is the table's
/// AUTOINCREMENT rowid, so it is strictly increasing across every process sharing the file and survives
/// restarts and purges; the feed cursor of a resource server therefore stays valid across server restarts.
/// </summary>
public sealed class SqliteRevocationStore : IRevocationStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteRevocationStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<RevocationEvent> AppendAsync(RevocationEvent revocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO revocation_events (kind, subject, at, expires_at) VALUES ($kind, $subject, $at, $expires_at) RETURNING sequence;";
        command.Parameters.AddWithValue("$kind", (long)revocation.Kind);
        command.Parameters.AddWithValue("$subject", revocation.Subject);
        command.Parameters.AddWithValue("$at", SqliteValues.ToText(revocation.At));
        command.Parameters.AddWithValue("$expires_at", SqliteValues.ToText(revocation.ExpiresAt));
        var sequence = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return revocation with { Sequence = sequence, At = revocation.At.ToUniversalTime(), ExpiresAt = revocation.ExpiresAt.ToUniversalTime() };
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RevocationEvent>> ListAfterAsync(long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT sequence, kind, subject, at, expires_at FROM revocation_events WHERE sequence > $after ORDER BY sequence LIMIT $limit;";
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", maxCount);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<RevocationEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new RevocationEvent
            {
                Sequence = reader.GetInt64(0),
                Kind = (RevocationKind)reader.GetInt64(1),
                Subject = reader.GetString(2),
                At = SqliteValues.ParseTime(reader.GetString(3)),
                ExpiresAt = SqliteValues.ParseTime(reader.GetString(4)),
            });
        }

        return events;
    }

    /// <inheritdoc />
    public async ValueTask<long> GetHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // sqlite_sequence keeps the largest AUTOINCREMENT value even after every row is deleted.
        command.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = 'revocation_events';";
        var head = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return head is long value ? value : 0;
    }

    /// <inheritdoc />
    public async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM revocation_events WHERE expires_at <= $now;";
        command.Parameters.AddWithValue("$now", SqliteValues.ToText(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

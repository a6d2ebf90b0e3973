using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary><see cref="ISecurityEventStore"/> over the <c>ssf_streams</c> and <c>ssf_events</c> tables. A claim of due push
/// events locks the rows it takes with <c>FOR UPDATE SKIP LOCKED</c>, so concurrent claims on any node never take the
/// same event.</summary>
public sealed class PostgreSqlSecurityEventStore : ISecurityEventStore
{
    private const string StreamColumns = "stream_id, client_id, status, status_reason, configuration, created_at, updated_at";
    private const string EventColumns = "stream_id, event_id, token, created_at, expires_at, attempts, next_attempt_at";
    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlSecurityEventStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask CreateStreamAsync(SecurityEventStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using var command = _database.Command($"INSERT INTO ssf_streams ({StreamColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7);")
            .With(stream.StreamId)
            .With(stream.ClientId)
            .With(stream.Status)
            .With(stream.StatusReason)
            .With(stream.Configuration)
            .With(PostgreSqlValues.ToTicks(stream.CreatedAt))
            .With(PostgreSqlValues.ToTicks(stream.UpdatedAt));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException("A stream with this id exists.", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<SecurityEventStream?> GetStreamAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var command = _database.Command($"SELECT {StreamColumns} FROM ssf_streams WHERE stream_id = $1;").With(streamId);
        var streams = await ReadStreamsAsync(command, cancellationToken).ConfigureAwait(false);
        return streams.Count == 0 ? null : streams[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SecurityEventStream>> ListStreamsAsync(string? clientId, CancellationToken cancellationToken)
    {
        await using var command = _database.Command(
            $"SELECT {StreamColumns} FROM ssf_streams WHERE $1::text IS NULL OR client_id = $1 ORDER BY created_at, stream_id COLLATE \"C\";")
            .With(clientId);
        return await ReadStreamsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> UpdateStreamAsync(SecurityEventStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using var command = _database.Command(
            "UPDATE ssf_streams SET status = $2, status_reason = $3, configuration = $4, updated_at = $5 WHERE stream_id = $1;")
            .With(stream.StreamId)
            .With(stream.Status)
            .With(stream.StatusReason)
            .With(stream.Configuration)
            .With(PostgreSqlValues.ToTicks(stream.UpdatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteStreamAsync(string streamId, CancellationToken cancellationToken)
    {
        // ssf_events rows go with the stream (ON DELETE CASCADE).
        await using var command = _database.Command("DELETE FROM ssf_streams WHERE stream_id = $1;").With(streamId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask EnqueueAsync(PendingSecurityEvent pendingEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pendingEvent);
        await using var command = _database.Command($"INSERT INTO ssf_events ({EventColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING;")
            .With(pendingEvent.StreamId)
            .With(pendingEvent.EventId)
            .With(pendingEvent.Token)
            .With(PostgreSqlValues.ToTicks(pendingEvent.CreatedAt))
            .With(PostgreSqlValues.ToTicks(pendingEvent.ExpiresAt))
            .With(pendingEvent.Attempts)
            .WithTime(pendingEvent.NextAttemptAt);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PendingSecurityEvent>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int maxCount, CancellationToken cancellationToken)
    {
        await using var command = _database.Command($"""
            UPDATE ssf_events SET next_attempt_at = $1
            WHERE (stream_id, event_id) IN (
                SELECT stream_id, event_id FROM ssf_events
                WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $2 AND expires_at > $2
                ORDER BY created_at LIMIT $3
                FOR UPDATE SKIP LOCKED)
            RETURNING {EventColumns};
            """)
            .With(PostgreSqlValues.ToTicks(leaseUntil))
            .With(PostgreSqlValues.ToTicks(now))
            .With(maxCount);
        var claimed = await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(e => e.CreatedAt)];
    }

    /// <inheritdoc />
    public async ValueTask RescheduleAsync(string streamId, string eventId, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var command = _database.Command("UPDATE ssf_events SET attempts = $3, next_attempt_at = $4 WHERE stream_id = $1 AND event_id = $2;")
            .With(streamId)
            .With(eventId)
            .With(attempts)
            .With(PostgreSqlValues.ToTicks(nextAttemptAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PendingSecurityEvent>> ListPendingAsync(string streamId, DateTimeOffset now, int maxCount, CancellationToken cancellationToken)
    {
        await using var command = _database.Command($"SELECT {EventColumns} FROM ssf_events WHERE stream_id = $1 AND expires_at > $2 ORDER BY created_at LIMIT $3;")
            .With(streamId)
            .With(PostgreSqlValues.ToTicks(now))
            .With(maxCount);
        return await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> RemoveAsync(string streamId, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        if (eventIds.Count == 0)
        {
            return 0;
        }

        await using var command = _database.Command("DELETE FROM ssf_events WHERE stream_id = $1 AND event_id = ANY($2);")
            .With(streamId)
            .With(eventIds.ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _database.Command("DELETE FROM ssf_events WHERE expires_at <= $1;").With(PostgreSqlValues.ToTicks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<SecurityEventStream>> ReadStreamsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var streams = new List<SecurityEventStream>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            streams.Add(new SecurityEventStream
            {
                StreamId = reader.GetString(0),
                ClientId = reader.GetString(1),
                Status = reader.GetString(2),
                StatusReason = PostgreSqlValues.ReadText(reader, 3),
                Configuration = reader.GetString(4),
                CreatedAt = PostgreSqlValues.FromTicks(reader.GetInt64(5)),
                UpdatedAt = PostgreSqlValues.FromTicks(reader.GetInt64(6)),
            });
        }

        return streams;
    }

    private static async Task<IReadOnlyList<PendingSecurityEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<PendingSecurityEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new PendingSecurityEvent
            {
                StreamId = reader.GetString(0),
                EventId = reader.GetString(1),
                Token = reader.GetString(2),
                CreatedAt = PostgreSqlValues.FromTicks(reader.GetInt64(3)),
                ExpiresAt = PostgreSqlValues.FromTicks(reader.GetInt64(4)),
                Attempts = reader.GetInt32(5),
                NextAttemptAt = PostgreSqlValues.ReadTime(reader, 6),
            });
        }

        return events;
    }
}

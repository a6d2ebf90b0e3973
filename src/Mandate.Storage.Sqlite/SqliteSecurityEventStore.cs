using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary><see cref="ISecurityEventStore"/> over the <c>ssf_streams</c> and <c>ssf_events</c> tables. A claim of due push
/// events is one <c>UPDATE … RETURNING</c>, so SQLite's write lock hands each event to one caller across connections and
/// processes.</summary>
public sealed class SqliteSecurityEventStore : ISecurityEventStore
{
    private const string StreamColumns = "stream_id, client_id, status, status_reason, configuration, created_at, updated_at";
    private const string EventColumns = "stream_id, event_id, token, created_at, expires_at, attempts, next_attempt_at";
    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteSecurityEventStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask CreateStreamAsync(SecurityEventStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            await ExecuteAsync(
                $"INSERT INTO ssf_streams ({StreamColumns}) VALUES ($id, $client, $status, $reason, $config, $created, $updated);",
                cancellationToken,
                ("$id", stream.StreamId),
                ("$client", stream.ClientId),
                ("$status", stream.Status),
                ("$reason", SqliteValues.OrDbNull(stream.StatusReason)),
                ("$config", stream.Configuration),
                ("$created", SqliteValues.ToText(stream.CreatedAt)),
                ("$updated", SqliteValues.ToText(stream.UpdatedAt))).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new InvalidOperationException("A stream with this id exists.", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<SecurityEventStream?> GetStreamAsync(string streamId, CancellationToken cancellationToken)
    {
        var streams = await QueryStreamsAsync($"SELECT {StreamColumns} FROM ssf_streams WHERE stream_id = $id;", cancellationToken, ("$id", streamId)).ConfigureAwait(false);
        return streams.Count == 0 ? null : streams[0];
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SecurityEventStream>> ListStreamsAsync(string? clientId, CancellationToken cancellationToken) =>
        clientId is null
            ? QueryStreamsAsync($"SELECT {StreamColumns} FROM ssf_streams ORDER BY created_at, stream_id;", cancellationToken)
            : QueryStreamsAsync($"SELECT {StreamColumns} FROM ssf_streams WHERE client_id = $client ORDER BY created_at, stream_id;", cancellationToken, ("$client", clientId));

    /// <inheritdoc />
    public async ValueTask<bool> UpdateStreamAsync(SecurityEventStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return await ExecuteAsync(
            "UPDATE ssf_streams SET status = $status, status_reason = $reason, configuration = $config, updated_at = $updated WHERE stream_id = $id;",
            cancellationToken,
            ("$id", stream.StreamId),
            ("$status", stream.Status),
            ("$reason", SqliteValues.OrDbNull(stream.StatusReason)),
            ("$config", stream.Configuration),
            ("$updated", SqliteValues.ToText(stream.UpdatedAt))).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteStreamAsync(string streamId, CancellationToken cancellationToken) =>
        // ssf_events rows go with the stream (ON DELETE CASCADE).
        await ExecuteAsync("DELETE FROM ssf_streams WHERE stream_id = $id;", cancellationToken, ("$id", streamId)).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async ValueTask EnqueueAsync(PendingSecurityEvent pendingEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pendingEvent);
        await ExecuteAsync(
            $"INSERT INTO ssf_events ({EventColumns}) VALUES ($stream, $id, $token, $created, $expires, $attempts, $next) ON CONFLICT DO NOTHING;",
            cancellationToken,
            ("$stream", pendingEvent.StreamId),
            ("$id", pendingEvent.EventId),
            ("$token", pendingEvent.Token),
            ("$created", SqliteValues.ToText(pendingEvent.CreatedAt)),
            ("$expires", SqliteValues.ToText(pendingEvent.ExpiresAt)),
            ("$attempts", pendingEvent.Attempts),
            ("$next", SqliteValues.ToDbValue(pendingEvent.NextAttemptAt))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PendingSecurityEvent>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int maxCount, CancellationToken cancellationToken)
    {
        var claimed = await QueryEventsAsync(
            $"""
            UPDATE ssf_events SET next_attempt_at = $lease
            WHERE (stream_id, event_id) IN (
                SELECT stream_id, event_id FROM ssf_events
                WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $now AND expires_at > $now
                ORDER BY created_at LIMIT $max)
            RETURNING {EventColumns};
            """,
            cancellationToken,
            ("$lease", SqliteValues.ToText(leaseUntil)),
            ("$now", SqliteValues.ToText(now)),
            ("$max", maxCount)).ConfigureAwait(false);

        return [.. claimed.OrderBy(e => e.CreatedAt)];
    }

    /// <inheritdoc />
    public async ValueTask RescheduleAsync(string streamId, string eventId, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE ssf_events SET attempts = $attempts, next_attempt_at = $next WHERE stream_id = $stream AND event_id = $id;",
            cancellationToken,
            ("$attempts", attempts),
            ("$next", SqliteValues.ToText(nextAttemptAt)),
            ("$stream", streamId),
            ("$id", eventId)).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PendingSecurityEvent>> ListPendingAsync(string streamId, DateTimeOffset now, int maxCount, CancellationToken cancellationToken) =>
        QueryEventsAsync(
            $"SELECT {EventColumns} FROM ssf_events WHERE stream_id = $stream AND expires_at > $now ORDER BY created_at LIMIT $max;",
            cancellationToken,
            ("$stream", streamId),
            ("$now", SqliteValues.ToText(now)),
            ("$max", maxCount));

    /// <inheritdoc />
    public async ValueTask<int> RemoveAsync(string streamId, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        if (eventIds.Count == 0)
        {
            return 0;
        }

        return await ExecuteAsync(
            "DELETE FROM ssf_events WHERE stream_id = $stream AND event_id IN (SELECT value FROM json_each($ids));",
            cancellationToken,
            ("$stream", streamId),
            ("$ids", SqliteValues.ToJson([.. eventIds]))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM ssf_events WHERE expires_at <= $now;", cancellationToken, ("$now", SqliteValues.ToText(now)));

    private async ValueTask<IReadOnlyList<SecurityEventStream>> QueryStreamsAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Prepare(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var streams = new List<SecurityEventStream>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            streams.Add(new SecurityEventStream
            {
                StreamId = reader.GetString(0),
                ClientId = reader.GetString(1),
                Status = reader.GetString(2),
                StatusReason = reader.IsDBNull(3) ? null : reader.GetString(3),
                Configuration = reader.GetString(4),
                CreatedAt = SqliteValues.ParseTime(reader.GetString(5)),
                UpdatedAt = SqliteValues.ParseTime(reader.GetString(6)),
            });
        }

        return streams;
    }

    private async ValueTask<IReadOnlyList<PendingSecurityEvent>> QueryEventsAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Prepare(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<PendingSecurityEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new PendingSecurityEvent
            {
                StreamId = reader.GetString(0),
                EventId = reader.GetString(1),
                Token = reader.GetString(2),
                CreatedAt = SqliteValues.ParseTime(reader.GetString(3)),
                ExpiresAt = SqliteValues.ParseTime(reader.GetString(4)),
                Attempts = reader.GetInt32(5),
                NextAttemptAt = reader.IsDBNull(6) ? null : SqliteValues.ParseTime(reader.GetString(6)),
            });
        }

        return events;
    }

    private async ValueTask<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Prepare(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}

using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary><see cref="IStatusListStore"/> over the <c>status_list_entries</c> table (primary key list, index). Allocation
/// is one upsert whose update only runs when the current holder has expired; PostgreSQL re-checks that condition on the
/// locked row, so of several concurrent allocations of one index, on any node, exactly one succeeds.</summary>
public sealed class PostgreSqlStatusListStore : IStatusListStore
{
    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlStatusListStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAllocateAsync(StatusListEntry entry, DateTimeOffset reusableBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // One round trip, one implicit transaction: the allocation commits without waiting for its own WAL flush. A token
        // is sent only after its audit record committed with synchronous_commit = on, and that flush covers every earlier
        // WAL record, this allocation included; so the token's row is durable before the token leaves, without a second
        // flush per token.
        await using var batch = _database.DataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO OFF"));
        var upsert = new NpgsqlBatchCommand("""
            INSERT INTO status_list_entries (list_id, idx, jti, subject, client_id, kid, issued_at, expires_at, revoked)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false)
            ON CONFLICT (list_id, idx) DO UPDATE SET
                jti = EXCLUDED.jti, subject = EXCLUDED.subject, client_id = EXCLUDED.client_id, kid = EXCLUDED.kid,
                issued_at = EXCLUDED.issued_at, expires_at = EXCLUDED.expires_at, revoked = false
            WHERE status_list_entries.expires_at < $9;
            """);
        upsert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = entry.ListId });
        upsert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = entry.Index });
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.TokenId });
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Subject });
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.ClientId });
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.KeyId });
        upsert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PostgreSqlValues.ToTicks(entry.IssuedAt) });
        upsert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PostgreSqlValues.ToTicks(entry.ExpiresAt) });
        upsert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PostgreSqlValues.ToTicks(reusableBefore) });
        batch.BatchCommands.Add(upsert);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return upsert.RecordsAffected == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryLeaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // PostgreSQL re-checks the WHERE on the locked row, so of concurrent leases of one free block exactly one succeeds.
        await using var command = _database.Command("""
            INSERT INTO status_list_blocks (list_id, block, reusable_at) VALUES ($1, $2, $3)
            ON CONFLICT (list_id, block) DO UPDATE SET reusable_at = EXCLUDED.reusable_at
            WHERE status_list_blocks.reusable_at < $4;
            """)
            .With(listId)
            .With(block)
            .With(PostgreSqlValues.ToTicks(reusableAt))
            .With(PostgreSqlValues.ToTicks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask ReleaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, CancellationToken cancellationToken)
    {
        await using var command = _database.Command(
            "UPDATE status_list_blocks SET reusable_at = $3 WHERE list_id = $1 AND block = $2 AND reusable_at > $3;")
            .With(listId)
            .With(block)
            .With(PostgreSqlValues.ToTicks(reusableAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> RevokeTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        await using var command = _database.Command("UPDATE status_list_entries SET revoked = true WHERE jti = $1;").With(tokenId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> RevokeAgentAsync(string agentId, DateTimeOffset issuedAtOrBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        // Two arms so each uses its index (subject, or client_id where it differs from subject).
        await using var command = _database.Command("""
            UPDATE status_list_entries SET revoked = true
            WHERE (subject = $1 OR (client_id = $1 AND client_id <> subject))
              AND issued_at <= $2 AND expires_at > $3;
            """)
            .With(agentId)
            .With(PostgreSqlValues.ToTicks(issuedAtOrBefore))
            .With(PostgreSqlValues.ToTicks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        await using var command = _database.Command("UPDATE status_list_entries SET revoked = true WHERE kid = $1 AND expires_at > $2;")
            .With(keyId)
            .With(PostgreSqlValues.ToTicks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<int>> ListRevokedAsync(int listId, CancellationToken cancellationToken)
    {
        await using var command = _database.Command("SELECT idx FROM status_list_entries WHERE list_id = $1 AND revoked ORDER BY idx;").With(listId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var revoked = new List<int>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            revoked.Add(reader.GetInt32(0));
        }

        return revoked;
    }
}

using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary><see cref="IStatusListStore"/> over the <c>status_list_entries</c> table (primary key list, index). Allocation
/// is one upsert whose update only runs when the current holder has expired, so SQLite's write lock makes it atomic
/// across connections and processes; concurrent allocations are committed together (<see cref="SqliteStatusListAllocations"/>).</summary>
public sealed class SqliteStatusListStore : IStatusListStore, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly SqliteStatusListAllocations _allocations;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteStatusListStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _allocations = new SqliteStatusListAllocations(database);
    }

    /// <summary>The allocation group commit (tests).</summary>
    internal SqliteStatusListAllocations Allocations => _allocations;

    /// <summary>Closes the connection that allocations are written on.</summary>
    public void Dispose() => _allocations.Dispose();

    /// <inheritdoc />
    public ValueTask<bool> TryAllocateAsync(StatusListEntry entry, DateTimeOffset reusableBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // Concurrent allocations share one transaction (group commit); see SqliteStatusListAllocations.
        return _allocations.AllocateAsync(entry, reusableBefore);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryLeaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One upsert whose update runs only when the previous lease is reusable: SQLite's write lock makes it atomic
        // across connections and processes.
        var changed = await ExecuteAsync(
            """
            INSERT INTO status_list_blocks (list_id, block, reusable_at) VALUES ($list, $block, $at)
            ON CONFLICT (list_id, block) DO UPDATE SET reusable_at = excluded.reusable_at
            WHERE status_list_blocks.reusable_at < $now;
            """,
            cancellationToken,
            ("$list", listId),
            ("$block", block),
            ("$at", SqliteValues.ToText(reusableAt)),
            ("$now", SqliteValues.ToText(now))).ConfigureAwait(false);
        return changed == 1;
    }

    /// <inheritdoc />
    public async ValueTask ReleaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            "UPDATE status_list_blocks SET reusable_at = $at WHERE list_id = $list AND block = $block AND reusable_at > $at;",
            cancellationToken,
            ("$list", listId),
            ("$block", block),
            ("$at", SqliteValues.ToText(reusableAt))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        return ExecuteAsync("UPDATE status_list_entries SET revoked = 1 WHERE jti = $jti;", cancellationToken, ("$jti", tokenId));
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeAgentAsync(string agentId, DateTimeOffset issuedAtOrBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        // Candidates: the agent's entries in status_agent_ids (filled in bulk, see SqliteAgentIndex) and, by a range scan
        // of seq, the entries committed since the last bulk run. A candidate whose index was given to another token
        // since is filtered out by the conditions on the entry itself.
        return ExecuteAsync(
            """
            UPDATE status_list_entries SET revoked = 1
            WHERE (list_id, idx) IN (
                    SELECT list_id, idx FROM status_agent_ids
                    WHERE agent = $agent AND issued_at <= $iat AND expires_at > $now
                    UNION ALL
                    SELECT list_id, idx FROM status_list_entries
                    WHERE seq > (SELECT status_upto FROM agent_index_state) AND (subject = $agent OR client_id = $agent))
              AND (subject = $agent OR client_id = $agent)
              AND issued_at <= $iat AND expires_at > $now;
            """,
            cancellationToken,
            ("$agent", agentId),
            ("$iat", SqliteValues.ToText(issuedAtOrBefore)),
            ("$now", SqliteValues.ToText(now)));
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return ExecuteAsync(
            "UPDATE status_list_entries SET revoked = 1 WHERE kid = $kid AND expires_at > $now;",
            cancellationToken,
            ("$kid", keyId),
            ("$now", SqliteValues.ToText(now)));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<int>> ListRevokedAsync(int listId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx FROM status_list_entries WHERE list_id = $list AND revoked = 1;";
        command.Parameters.AddWithValue("$list", listId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var revoked = new List<int>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            revoked.Add(reader.GetInt32(0));
        }

        return revoked;
    }

    private async ValueTask<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

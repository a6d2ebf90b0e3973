using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary><see cref="IStatusListStore"/> over the <c>status_list_entries</c> table (primary key list, index). Allocation
/// is one upsert whose update only runs when the current holder has expired, so SQLite's write lock makes it atomic
/// across connections and processes.</summary>
public sealed class SqliteStatusListStore : IStatusListStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteStatusListStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAllocateAsync(StatusListEntry entry, DateTimeOffset reusableBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO status_list_entries (list_id, idx, jti, subject, client_id, kid, issued_at, expires_at, revoked)
            VALUES ($list, $idx, $jti, $subject, $client_id, $kid, $issued_at, $expires_at, 0)
            ON CONFLICT (list_id, idx) DO UPDATE SET
                jti = excluded.jti, subject = excluded.subject, client_id = excluded.client_id, kid = excluded.kid,
                issued_at = excluded.issued_at, expires_at = excluded.expires_at, revoked = 0
            WHERE status_list_entries.expires_at < $reusable;
            """;
        command.Parameters.AddWithValue("$list", entry.ListId);
        command.Parameters.AddWithValue("$idx", entry.Index);
        command.Parameters.AddWithValue("$jti", entry.TokenId);
        command.Parameters.AddWithValue("$subject", entry.Subject);
        command.Parameters.AddWithValue("$client_id", entry.ClientId);
        command.Parameters.AddWithValue("$kid", entry.KeyId);
        command.Parameters.AddWithValue("$issued_at", SqliteValues.ToText(entry.IssuedAt));
        command.Parameters.AddWithValue("$expires_at", SqliteValues.ToText(entry.ExpiresAt));
        command.Parameters.AddWithValue("$reusable", SqliteValues.ToText(reusableBefore));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
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
        // Two arms so each uses its index (subject, or client_id where it differs from subject).
        return ExecuteAsync(
            """
            UPDATE status_list_entries SET revoked = 1
            WHERE (subject = $agent OR (client_id = $agent AND client_id IS NOT subject))
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

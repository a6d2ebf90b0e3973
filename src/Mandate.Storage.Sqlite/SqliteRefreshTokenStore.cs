using System.Data;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// <see cref="IRefreshTokenStore"/> over the <c>refresh_tokens</c> table. Rotation is one write transaction
/// (BEGIN IMMEDIATE): a conditional <c>UPDATE … WHERE state = Active</c> and, only when it changed a row, the
/// <c>INSERT</c> of the successor, so two processes rotating the same token cannot both succeed.
/// </summary>
public sealed class SqliteRefreshTokenStore : IRefreshTokenStore
{
    private const string Columns =
        "token_hash, family_id, client_id, subject, actors, scopes, audience, parent_jti, access_jti, access_expires_at, state, issued_at, expires_at, family_expires_at, authorization_details";

    private const string LiveCondition = "WHERE client_id = $client AND state = $active AND expires_at > $now AND family_expires_at > $now;";

    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteRefreshTokenStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask CreateAsync(RefreshTokenRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Insert(connection, record);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One write transaction (BEGIN IMMEDIATE): the count and the insert see no other writer in between.</remarks>
    public async ValueTask<RefreshFamilyAdmission> TryCreateFamilyAsync(RefreshTokenRecord record, int maxLiveFamilies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLiveFamilies, 1);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        await using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = "SELECT COUNT(DISTINCT family_id), MIN(expires_at) FROM refresh_tokens " + LiveCondition;
            BindLive(count, record.ClientId, now);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reader.GetInt64(0) >= maxLiveFamilies)
            {
                return new RefreshFamilyAdmission(false, SqliteValues.ParseTime(reader.GetString(1)));
            }
        }

        await using (var insert = Insert(connection, record))
        {
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RefreshFamilyAdmission(true, null);
    }

    /// <inheritdoc />
    public async ValueTask<int> CountLiveFamiliesAsync(string clientId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(DISTINCT family_id) FROM refresh_tokens " + LiveCondition;
        BindLive(command, clientId, now);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void BindLive(SqliteCommand command, string clientId, DateTimeOffset now)
    {
        command.Parameters.AddWithValue("$client", clientId);
        command.Parameters.AddWithValue("$active", (long)RefreshTokenState.Active);
        command.Parameters.AddWithValue("$now", SqliteValues.ToText(now));
    }

    /// <inheritdoc />
    public async ValueTask<RefreshTokenRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM refresh_tokens WHERE token_hash = $hash;";
        command.Parameters.AddWithValue("$hash", tokenHash);
        var records = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryRotateAsync(string currentHash, RefreshTokenRecord next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(currentHash);
        ArgumentNullException.ThrowIfNull(next);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE refresh_tokens SET state = $rotated WHERE token_hash = $hash AND state = $active;";
            update.Parameters.AddWithValue("$rotated", (long)RefreshTokenState.Rotated);
            update.Parameters.AddWithValue("$active", (long)RefreshTokenState.Active);
            update.Parameters.AddWithValue("$hash", currentHash);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await using (var insert = Insert(connection, next))
        {
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RefreshTokenRecord>> RevokeFamilyAsync(string familyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(familyId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE refresh_tokens SET state = $revoked WHERE family_id = $family RETURNING {Columns};";
        command.Parameters.AddWithValue("$revoked", (long)RefreshTokenState.Revoked);
        command.Parameters.AddWithValue("$family", familyId);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeByAgentAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return RevokeWhereAsync("(client_id = $value OR subject = $value)", agentId, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeByParentAsync(string parentJti, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parentJti);
        return RevokeWhereAsync("parent_jti = $value", parentJti, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM refresh_tokens WHERE family_expires_at <= $now;";
        command.Parameters.AddWithValue("$now", SqliteValues.ToText(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // condition is one of two constant strings above, never input.
    private async ValueTask<int> RevokeWhereAsync(string condition, string value, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE refresh_tokens SET state = $revoked WHERE state <> $revoked AND {condition};";
        command.Parameters.AddWithValue("$revoked", (long)RefreshTokenState.Revoked);
        command.Parameters.AddWithValue("$value", value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Insert(SqliteConnection connection, RefreshTokenRecord record)
    {
        var command = connection.CreateCommand();
        command.CommandText =
            $"INSERT INTO refresh_tokens ({Columns}) VALUES ($hash, $family, $client, $subject, $actors, $scopes, $audience, $parent, $access, $access_exp, $state, $issued, $expires, $family_expires, $details);";
        command.Parameters.AddWithValue("$hash", record.TokenHash);
        command.Parameters.AddWithValue("$family", record.FamilyId);
        command.Parameters.AddWithValue("$client", record.ClientId);
        command.Parameters.AddWithValue("$subject", record.Subject);
        command.Parameters.AddWithValue("$actors", SqliteValues.ToJson(record.Actors));
        command.Parameters.AddWithValue("$scopes", SqliteValues.ToJson(record.Scopes));
        command.Parameters.AddWithValue("$audience", record.Audience);
        command.Parameters.AddWithValue("$parent", SqliteValues.OrDbNull(record.ParentJti));
        command.Parameters.AddWithValue("$access", SqliteValues.OrDbNull(record.AccessTokenJti));
        command.Parameters.AddWithValue("$access_exp", SqliteValues.ToDbValue(record.AccessTokenExpiresAt));
        command.Parameters.AddWithValue("$state", (long)record.State);
        command.Parameters.AddWithValue("$issued", SqliteValues.ToText(record.IssuedAt));
        command.Parameters.AddWithValue("$expires", SqliteValues.ToText(record.ExpiresAt));
        command.Parameters.AddWithValue("$family_expires", SqliteValues.ToText(record.FamilyExpiresAt));
        command.Parameters.AddWithValue("$details", SqliteValues.OrDbNull(record.AuthorizationDetails));
        return command;
    }

    private static async Task<IReadOnlyList<RefreshTokenRecord>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<RefreshTokenRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new RefreshTokenRecord
            {
                TokenHash = reader.GetString(0),
                FamilyId = reader.GetString(1),
                ClientId = reader.GetString(2),
                Subject = reader.GetString(3),
                Actors = SqliteValues.ParseList(reader.GetString(4)),
                Scopes = SqliteValues.ParseList(reader.GetString(5)),
                Audience = reader.GetString(6),
                ParentJti = reader.IsDBNull(7) ? null : reader.GetString(7),
                AccessTokenJti = reader.IsDBNull(8) ? null : reader.GetString(8),
                AccessTokenExpiresAt = reader.IsDBNull(9) ? null : SqliteValues.ParseTime(reader.GetString(9)),
                State = (RefreshTokenState)reader.GetInt64(10),
                IssuedAt = SqliteValues.ParseTime(reader.GetString(11)),
                ExpiresAt = SqliteValues.ParseTime(reader.GetString(12)),
                FamilyExpiresAt = SqliteValues.ParseTime(reader.GetString(13)),
                AuthorizationDetails = reader.IsDBNull(14) ? null : reader.GetString(14),
            });
        }

        return records;
    }
}

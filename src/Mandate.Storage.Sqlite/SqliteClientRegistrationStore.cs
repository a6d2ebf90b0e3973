using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// <see cref="IClientRegistrationStore"/> over the <c>initial_access_tokens</c> and <c>client_registrations</c> tables
/// of a <see cref="SqliteDatabase"/>. The use count and the token rotation are single conditional UPDATEs.
/// </summary>
public sealed class SqliteClientRegistrationStore : IClientRegistrationStore
{
    private const string TokenColumns = "id, secret_hash, scopes, audiences, grant_types, owner, expires_at, max_uses, uses, created_at, created_by, revoked_at";
    private const string RegistrationColumns = "client_id, access_token_hash, metadata, initial_access_token_id, created_at, updated_at";

    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteClientRegistrationStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAddInitialAccessTokenAsync(InitialAccessToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return await ExecuteAsync(
            $"INSERT INTO initial_access_tokens ({TokenColumns}) VALUES ($id, $hash, $scopes, $audiences, $grant_types, $owner, $expires_at, $max_uses, $uses, $created_at, $created_by, $revoked_at) ON CONFLICT (id) DO NOTHING;",
            command =>
            {
                command.Parameters.AddWithValue("$id", token.Id);
                command.Parameters.Add("$hash", SqliteType.Blob).Value = token.SecretHash;
                command.Parameters.AddWithValue("$scopes", SqliteValues.ToJson(token.Scopes));
                command.Parameters.AddWithValue("$audiences", SqliteValues.ToJson(token.Audiences));
                command.Parameters.AddWithValue("$grant_types", SqliteValues.ToJson(token.GrantTypes));
                command.Parameters.AddWithValue("$owner", SqliteValues.OrDbNull(token.Owner));
                command.Parameters.AddWithValue("$expires_at", SqliteValues.ToText(token.ExpiresAt));
                command.Parameters.AddWithValue("$max_uses", token.MaxUses is { } max ? max : DBNull.Value);
                command.Parameters.AddWithValue("$uses", token.Uses);
                command.Parameters.AddWithValue("$created_at", SqliteValues.ToText(token.CreatedAt));
                command.Parameters.AddWithValue("$created_by", SqliteValues.OrDbNull(token.CreatedBy));
                command.Parameters.AddWithValue("$revoked_at", SqliteValues.ToDbValue(token.RevokedAt));
            },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<InitialAccessToken?> FindInitialAccessTokenAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var list = await QueryAsync($"SELECT {TokenColumns} FROM initial_access_tokens WHERE id = $id;", c => c.Parameters.AddWithValue("$id", id), ReadToken, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<InitialAccessToken>> ListInitialAccessTokensAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {TokenColumns} FROM initial_access_tokens ORDER BY created_at, id COLLATE BINARY;", static _ => { }, ReadToken, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<bool> TryUseInitialAccessTokenAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await ExecuteAsync(
            "UPDATE initial_access_tokens SET uses = uses + 1 WHERE id = $id AND revoked_at IS NULL AND expires_at > $now AND (max_uses IS NULL OR uses < max_uses);",
            command =>
            {
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$now", SqliteValues.ToText(now));
            },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RevokeInitialAccessTokenAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await ExecuteAsync(
            "UPDATE initial_access_tokens SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL;",
            command =>
            {
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$at", SqliteValues.ToText(revokedAt));
            },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAddRegistrationAsync(ClientRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return await ExecuteAsync(
            $"INSERT INTO client_registrations ({RegistrationColumns}) VALUES ($client_id, $hash, $metadata, $iat, $created_at, $updated_at) ON CONFLICT (client_id) DO NOTHING;",
            command =>
            {
                command.Parameters.AddWithValue("$client_id", registration.ClientId);
                command.Parameters.Add("$hash", SqliteType.Blob).Value = registration.AccessTokenHash;
                command.Parameters.AddWithValue("$metadata", registration.Metadata);
                command.Parameters.AddWithValue("$iat", SqliteValues.OrDbNull(registration.InitialAccessTokenId));
                command.Parameters.AddWithValue("$created_at", SqliteValues.ToText(registration.CreatedAt));
                command.Parameters.AddWithValue("$updated_at", SqliteValues.ToText(registration.UpdatedAt));
            },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<ClientRegistration?> FindRegistrationAsync(string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var list = await QueryAsync($"SELECT {RegistrationColumns} FROM client_registrations WHERE client_id = $client_id;", c => c.Parameters.AddWithValue("$client_id", clientId), ReadRegistration, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryReplaceAsync(ClientRegistration registration, byte[] expectedHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(expectedHash);
        return await ExecuteAsync(
            "UPDATE client_registrations SET access_token_hash = $new, metadata = $metadata, updated_at = $at WHERE client_id = $client_id AND access_token_hash = $expected;",
            command =>
            {
                command.Parameters.AddWithValue("$client_id", registration.ClientId);
                command.Parameters.Add("$expected", SqliteType.Blob).Value = expectedHash;
                command.Parameters.Add("$new", SqliteType.Blob).Value = registration.AccessTokenHash;
                command.Parameters.AddWithValue("$metadata", registration.Metadata);
                command.Parameters.AddWithValue("$at", SqliteValues.ToText(registration.UpdatedAt));
            },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveRegistrationAsync(string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        return await ExecuteAsync("DELETE FROM client_registrations WHERE client_id = $client_id;", c => c.Parameters.AddWithValue("$client_id", clientId), cancellationToken).ConfigureAwait(false) == 1;
    }

    private async ValueTask<int> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<List<T>> QueryAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(read(reader));
        }

        return list;
    }

    private static InitialAccessToken ReadToken(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        SecretHash = (byte[])reader.GetValue(1),
        Scopes = SqliteValues.ParseList(reader.GetString(2)),
        Audiences = SqliteValues.ParseList(reader.GetString(3)),
        GrantTypes = SqliteValues.ParseList(reader.GetString(4)),
        Owner = reader.IsDBNull(5) ? null : reader.GetString(5),
        ExpiresAt = SqliteValues.ParseTime(reader.GetString(6)),
        MaxUses = reader.IsDBNull(7) ? null : reader.GetInt32(7),
        Uses = reader.GetInt32(8),
        CreatedAt = SqliteValues.ParseTime(reader.GetString(9)),
        CreatedBy = reader.IsDBNull(10) ? null : reader.GetString(10),
        RevokedAt = reader.IsDBNull(11) ? null : SqliteValues.ParseTime(reader.GetString(11)),
    };

    private static ClientRegistration ReadRegistration(SqliteDataReader reader) => new()
    {
        ClientId = reader.GetString(0),
        AccessTokenHash = (byte[])reader.GetValue(1),
        Metadata = reader.GetString(2),
        InitialAccessTokenId = reader.IsDBNull(3) ? null : reader.GetString(3),
        CreatedAt = SqliteValues.ParseTime(reader.GetString(4)),
        UpdatedAt = SqliteValues.ParseTime(reader.GetString(5)),
    };
}

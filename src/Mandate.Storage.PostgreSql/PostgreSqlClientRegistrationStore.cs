using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="IClientRegistrationStore"/> over the <c>initial_access_tokens</c> and <c>client_registrations</c> tables
/// of a <see cref="PostgreSqlDatabase"/>. The use count and the token rotation are single conditional UPDATEs, so
/// they hold across every node sharing the database.
/// </summary>
public sealed class PostgreSqlClientRegistrationStore : IClientRegistrationStore
{
    private const string TokenColumns = "id, secret_hash, scopes, audiences, grant_types, owner, expires_at, max_uses, uses, created_at, created_by, revoked_at";
    private const string RegistrationColumns = "client_id, access_token_hash, metadata, initial_access_token_id, created_at, updated_at";

    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlClientRegistrationStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAddInitialAccessTokenAsync(InitialAccessToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var command = _database.Command(
            $"INSERT INTO initial_access_tokens ({TokenColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING;")
            .With(token.Id)
            .With(token.SecretHash)
            .With(PostgreSqlValues.ToArray(token.Scopes))
            .With(PostgreSqlValues.ToArray(token.Audiences))
            .With(PostgreSqlValues.ToArray(token.GrantTypes))
            .With(token.Owner)
            .With(PostgreSqlValues.ToTicks(token.ExpiresAt))
            .With(token.MaxUses)
            .With(token.Uses)
            .With(PostgreSqlValues.ToTicks(token.CreatedAt))
            .With(token.CreatedBy)
            .WithTime(token.RevokedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<InitialAccessToken?> FindInitialAccessTokenAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _database.Command($"SELECT {TokenColumns} FROM initial_access_tokens WHERE id = $1;").With(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadToken(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<InitialAccessToken>> ListInitialAccessTokensAsync(CancellationToken cancellationToken)
    {
        // COLLATE "C": ordinal order whatever the database's collation.
        await using var command = _database.Command($"SELECT {TokenColumns} FROM initial_access_tokens ORDER BY created_at, id COLLATE \"C\";");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<InitialAccessToken>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadToken(reader));
        }

        return list;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryUseInitialAccessTokenAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _database.Command(
            "UPDATE initial_access_tokens SET uses = uses + 1 " +
            "WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2 AND (max_uses IS NULL OR uses < max_uses);")
            .With(id)
            .With(PostgreSqlValues.ToTicks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RevokeInitialAccessTokenAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _database.Command("UPDATE initial_access_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL;")
            .With(id)
            .With(PostgreSqlValues.ToTicks(revokedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAddRegistrationAsync(ClientRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        await using var command = _database.Command(
            $"INSERT INTO client_registrations ({RegistrationColumns}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (client_id) DO NOTHING;")
            .With(registration.ClientId)
            .With(registration.AccessTokenHash)
            .With(registration.Metadata)
            .With(registration.InitialAccessTokenId)
            .With(PostgreSqlValues.ToTicks(registration.CreatedAt))
            .With(PostgreSqlValues.ToTicks(registration.UpdatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<ClientRegistration?> FindRegistrationAsync(string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        await using var command = _database.Command($"SELECT {RegistrationColumns} FROM client_registrations WHERE client_id = $1;").With(clientId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new ClientRegistration
        {
            ClientId = reader.GetString(0),
            AccessTokenHash = (byte[])reader.GetValue(1),
            Metadata = reader.GetString(2),
            InitialAccessTokenId = PostgreSqlValues.ReadText(reader, 3),
            CreatedAt = PostgreSqlValues.FromTicks(reader.GetInt64(4)),
            UpdatedAt = PostgreSqlValues.FromTicks(reader.GetInt64(5)),
        };
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryReplaceAsync(ClientRegistration registration, byte[] expectedHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(expectedHash);
        await using var command = _database.Command(
            "UPDATE client_registrations SET access_token_hash = $3, metadata = $4, updated_at = $5 WHERE client_id = $1 AND access_token_hash = $2;")
            .With(registration.ClientId)
            .With(expectedHash)
            .With(registration.AccessTokenHash)
            .With(registration.Metadata)
            .With(PostgreSqlValues.ToTicks(registration.UpdatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveRegistrationAsync(string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        await using var command = _database.Command("DELETE FROM client_registrations WHERE client_id = $1;").With(clientId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static InitialAccessToken ReadToken(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        SecretHash = (byte[])reader.GetValue(1),
        Scopes = PostgreSqlValues.ReadList(reader, 2),
        Audiences = PostgreSqlValues.ReadList(reader, 3),
        GrantTypes = PostgreSqlValues.ReadList(reader, 4),
        Owner = PostgreSqlValues.ReadText(reader, 5),
        ExpiresAt = PostgreSqlValues.FromTicks(reader.GetInt64(6)),
        MaxUses = reader.IsDBNull(7) ? null : reader.GetInt32(7),
        Uses = reader.GetInt32(8),
        CreatedAt = PostgreSqlValues.FromTicks(reader.GetInt64(9)),
        CreatedBy = PostgreSqlValues.ReadText(reader, 10),
        RevokedAt = PostgreSqlValues.ReadTime(reader, 11),
    };
}

using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="IRefreshTokenStore"/> over the <c>refresh_tokens</c> table. Rotation is one statement: an
/// <c>UPDATE … WHERE state = Active</c> whose result feeds the <c>INSERT</c> of the successor. PostgreSQL re-checks
/// the state on the locked row, so of two nodes rotating the same token at most one succeeds.
/// </summary>
public sealed class PostgreSqlRefreshTokenStore : IRefreshTokenStore
{
    private const string Columns =
        "token_hash, family_id, client_id, subject, actors, scopes, audience, parent_jti, access_jti, " +
        "access_expires_at, state, issued_at, expires_at, family_expires_at, authorization_details";

    private const string Values = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15";

    private const string LiveCondition = "WHERE client_id = $1 AND state = $2 AND expires_at > $3 AND family_expires_at > $3;";

    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlRefreshTokenStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask CreateAsync(RefreshTokenRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var command = Bind(_database.Command($"INSERT INTO refresh_tokens ({Columns}) VALUES ({Values});"), record);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One transaction that first takes an advisory transaction lock keyed by the client id, so the count
    /// and the insert of concurrent creations for the same client run one after the other, on any node.</remarks>
    public async ValueTask<RefreshFamilyAdmission> TryCreateFamilyAsync(RefreshTokenRecord record, int maxLiveFamilies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLiveFamilies, 1);
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('refresh-families:' || $1, 0));", connection, transaction))
        {
            await gate.With(record.ClientId).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Read committed: this statement's snapshot is taken after the lock, so it sees every earlier creation.
        await using (var count = new NpgsqlCommand("SELECT COUNT(DISTINCT family_id), MIN(expires_at) FROM refresh_tokens " + LiveCondition, connection, transaction))
        {
            BindLive(count, record.ClientId, now);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reader.GetInt64(0) >= maxLiveFamilies)
            {
                return new RefreshFamilyAdmission(false, PostgreSqlValues.ReadTime(reader, 1));
            }
        }

        await using (var insert = Bind(new NpgsqlCommand($"INSERT INTO refresh_tokens ({Columns}) VALUES ({Values});", connection, transaction), record))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RefreshFamilyAdmission(true, null);
    }

    /// <inheritdoc />
    public async ValueTask<int> CountLiveFamiliesAsync(string clientId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        await using var command = _database.Command("SELECT COUNT(DISTINCT family_id) FROM refresh_tokens " + LiveCondition);
        BindLive(command, clientId, now);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void BindLive(NpgsqlCommand command, string clientId, DateTimeOffset now) =>
        command.With(clientId).With((int)RefreshTokenState.Active).With(PostgreSqlValues.ToTicks(now));

    /// <inheritdoc />
    public async ValueTask<RefreshTokenRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        await using var command = _database.Command($"SELECT {Columns} FROM refresh_tokens WHERE token_hash = $1;").With(tokenHash);
        var records = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryRotateAsync(string currentHash, RefreshTokenRecord next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(currentHash);
        ArgumentNullException.ThrowIfNull(next);
        await using var command = Bind(_database.Command(
            "WITH rotated AS (UPDATE refresh_tokens SET state = $16 WHERE token_hash = $17 AND state = $18 RETURNING 1) " +
            $"INSERT INTO refresh_tokens ({Columns}) SELECT {Values} FROM rotated;"), next)
            .With((int)RefreshTokenState.Rotated)
            .With(currentHash)
            .With((int)RefreshTokenState.Active);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RefreshTokenRecord>> RevokeFamilyAsync(string familyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(familyId);
        await using var command = _database.Command(
            $"UPDATE refresh_tokens SET state = $1 WHERE family_id = $2 RETURNING {Columns};")
            .With((int)RefreshTokenState.Revoked).With(familyId);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeByAgentAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return RevokeWhereAsync("(client_id = $2 OR subject = $2)", agentId, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeByParentAsync(string parentJti, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parentJti);
        return RevokeWhereAsync("parent_jti = $2", parentJti, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _database.Command("DELETE FROM refresh_tokens WHERE family_expires_at <= $1;")
            .With(PostgreSqlValues.ToTicks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // condition is one of two constant strings above, never input.
    private async ValueTask<int> RevokeWhereAsync(string condition, string value, CancellationToken cancellationToken)
    {
        await using var command = _database.Command($"UPDATE refresh_tokens SET state = $1 WHERE state <> $1 AND {condition};")
            .With((int)RefreshTokenState.Revoked).With(value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Bind(NpgsqlCommand command, RefreshTokenRecord record) => command
        .With(record.TokenHash)
        .With(record.FamilyId)
        .With(record.ClientId)
        .With(record.Subject)
        .With(PostgreSqlValues.ToArray(record.Actors))
        .With(PostgreSqlValues.ToArray(record.Scopes))
        .With(record.Audience)
        .With(record.ParentJti)
        .With(record.AccessTokenJti)
        .WithTime(record.AccessTokenExpiresAt)
        .With((int)record.State)
        .With(PostgreSqlValues.ToTicks(record.IssuedAt))
        .WithTime(record.ExpiresAt)
        .With(PostgreSqlValues.ToTicks(record.FamilyExpiresAt))
        .With(record.AuthorizationDetails);

    private static async Task<IReadOnlyList<RefreshTokenRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
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
                Actors = PostgreSqlValues.ReadList(reader, 4),
                Scopes = PostgreSqlValues.ReadList(reader, 5),
                Audience = reader.GetString(6),
                ParentJti = PostgreSqlValues.ReadText(reader, 7),
                AccessTokenJti = PostgreSqlValues.ReadText(reader, 8),
                AccessTokenExpiresAt = PostgreSqlValues.ReadTime(reader, 9),
                State = (RefreshTokenState)reader.GetInt32(10),
                IssuedAt = PostgreSqlValues.FromTicks(reader.GetInt64(11)),
                ExpiresAt = PostgreSqlValues.FromTicks(reader.GetInt64(12)),
                FamilyExpiresAt = PostgreSqlValues.FromTicks(reader.GetInt64(13)),
                AuthorizationDetails = PostgreSqlValues.ReadText(reader, 14),
            });
        }

        return records;
    }
}

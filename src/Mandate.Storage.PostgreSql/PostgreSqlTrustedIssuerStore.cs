using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary><see cref="ITrustedIssuerStore"/> over the <c>trusted_issuers</c> table of a <see cref="PostgreSqlDatabase"/>.</summary>
public sealed class PostgreSqlTrustedIssuerStore : ITrustedIssuerStore
{
    private const string Columns =
        "name, issuer, jwks_uri, jwks, audiences, subject_claim, maps_to_agent_id, allowed_subjects, grantable_scopes, " +
        "max_token_lifetime_ticks, max_assertion_lifetime_ticks, created_at, require_jti";

    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlTrustedIssuerStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAddAsync(TrustedIssuer issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        await using var command = _database.Command(
            $"INSERT INTO trusted_issuers ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) " +
            "ON CONFLICT (name) DO NOTHING;")
            .With(issuer.Name)
            .With(issuer.Issuer)
            .With(issuer.JwksUri)
            .With(issuer.Jwks)
            .With(PostgreSqlValues.ToArray(issuer.Audiences))
            .With(issuer.SubjectClaim)
            .With(issuer.MapsToAgentId)
            .With(PostgreSqlValues.ToArray(issuer.AllowedSubjects))
            .With(PostgreSqlValues.ToArray(issuer.GrantableScopes))
            .With(issuer.MaxTokenLifetime.Ticks)
            .With(issuer.MaxAssertionLifetime.Ticks)
            .With(PostgreSqlValues.ToTicks(issuer.CreatedAt))
            .With(issuer.RequireJwtId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<TrustedIssuer?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var command = _database.Command($"SELECT {Columns} FROM trusted_issuers WHERE name = $1;").With(name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TrustedIssuer>> ListAsync(CancellationToken cancellationToken)
    {
        // COLLATE "C": ordinal order whatever the database's collation.
        await using var command = _database.Command($"SELECT {Columns} FROM trusted_issuers ORDER BY name COLLATE \"C\";");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<TrustedIssuer>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var command = _database.Command("DELETE FROM trusted_issuers WHERE name = $1;").With(name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static TrustedIssuer Read(NpgsqlDataReader reader) => new()
    {
        Name = reader.GetString(0),
        Issuer = reader.GetString(1),
        JwksUri = PostgreSqlValues.ReadText(reader, 2),
        Jwks = PostgreSqlValues.ReadText(reader, 3),
        Audiences = PostgreSqlValues.ReadList(reader, 4),
        SubjectClaim = reader.GetString(5),
        MapsToAgentId = PostgreSqlValues.ReadText(reader, 6),
        AllowedSubjects = PostgreSqlValues.ReadList(reader, 7),
        GrantableScopes = PostgreSqlValues.ReadList(reader, 8),
        MaxTokenLifetime = TimeSpan.FromTicks(reader.GetInt64(9)),
        MaxAssertionLifetime = TimeSpan.FromTicks(reader.GetInt64(10)),
        CreatedAt = PostgreSqlValues.FromTicks(reader.GetInt64(11)),
        RequireJwtId = reader.GetBoolean(12),
    };
}

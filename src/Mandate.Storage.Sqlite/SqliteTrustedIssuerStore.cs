using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary><see cref="ITrustedIssuerStore"/> over the <c>trusted_issuers</c> table of a <see cref="SqliteDatabase"/>.</summary>
public sealed class SqliteTrustedIssuerStore : ITrustedIssuerStore
{
    private const string Columns = "name, issuer, jwks_uri, jwks, audiences, subject_claim, maps_to_agent_id, allowed_subjects, grantable_scopes, max_token_lifetime_ticks, max_assertion_lifetime_ticks, created_at, require_jti";

    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteTrustedIssuerStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAddAsync(TrustedIssuer issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO trusted_issuers ({Columns}) VALUES ($name, $issuer, $jwks_uri, $jwks, $audiences, $subject_claim, $maps_to_agent_id, $allowed_subjects, $grantable_scopes, $max_token, $max_assertion, $created_at, $require_jti) ON CONFLICT (name) DO NOTHING;";
        command.Parameters.AddWithValue("$name", issuer.Name);
        command.Parameters.AddWithValue("$issuer", issuer.Issuer);
        command.Parameters.AddWithValue("$jwks_uri", SqliteValues.OrDbNull(issuer.JwksUri));
        command.Parameters.AddWithValue("$jwks", SqliteValues.OrDbNull(issuer.Jwks));
        command.Parameters.AddWithValue("$audiences", SqliteValues.ToJson(issuer.Audiences));
        command.Parameters.AddWithValue("$subject_claim", issuer.SubjectClaim);
        command.Parameters.AddWithValue("$maps_to_agent_id", SqliteValues.OrDbNull(issuer.MapsToAgentId));
        command.Parameters.AddWithValue("$allowed_subjects", SqliteValues.ToJson(issuer.AllowedSubjects));
        command.Parameters.AddWithValue("$grantable_scopes", SqliteValues.ToJson(issuer.GrantableScopes));
        command.Parameters.AddWithValue("$max_token", issuer.MaxTokenLifetime.Ticks);
        command.Parameters.AddWithValue("$max_assertion", issuer.MaxAssertionLifetime.Ticks);
        command.Parameters.AddWithValue("$created_at", SqliteValues.ToText(issuer.CreatedAt));
        command.Parameters.AddWithValue("$require_jti", issuer.RequireJwtId ? 1L : 0L);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<TrustedIssuer?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM trusted_issuers WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TrustedIssuer>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM trusted_issuers ORDER BY name COLLATE BINARY;";
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
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM trusted_issuers WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static TrustedIssuer Read(SqliteDataReader reader) => new()
    {
        Name = reader.GetString(0),
        Issuer = reader.GetString(1),
        JwksUri = reader.IsDBNull(2) ? null : reader.GetString(2),
        Jwks = reader.IsDBNull(3) ? null : reader.GetString(3),
        Audiences = SqliteValues.ParseList(reader.GetString(4)),
        SubjectClaim = reader.GetString(5),
        MapsToAgentId = reader.IsDBNull(6) ? null : reader.GetString(6),
        AllowedSubjects = SqliteValues.ParseList(reader.GetString(7)),
        GrantableScopes = SqliteValues.ParseList(reader.GetString(8)),
        MaxTokenLifetime = TimeSpan.FromTicks(reader.GetInt64(9)),
        MaxAssertionLifetime = TimeSpan.FromTicks(reader.GetInt64(10)),
        CreatedAt = SqliteValues.ParseTime(reader.GetString(11)),
        RequireJwtId = reader.GetInt64(12) != 0,
    };
}

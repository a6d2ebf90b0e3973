using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="IAgentStore"/> over the <c>agents</c> table of a <see cref="PostgreSqlDatabase"/>.
/// Thread-safe; safe across every node sharing the database.
/// </summary>
public sealed class PostgreSqlAgentStore : IAgentStore
{
    private const string Columns =
        "id, client_id, name, owner, allowed_scopes, default_scopes, allowed_audiences, allowed_grant_types, " +
        "token_lifetime_ticks, status, expires_at, created_at, last_used_at, secret_hash, jwks, version";

    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlAgentStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<Agent?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _database.Command($"SELECT {Columns} FROM agents WHERE id = $1;").With(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <summary>Lists every agent ordered by creation time, then by insertion order.</summary>
    public async ValueTask<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = _database.Command($"SELECT {Columns} FROM agents ORDER BY created_at, seq;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var agents = new List<Agent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            agents.Add(Read(reader));
        }

        return agents;
    }

    /// <summary>Adds a new agent, keeping <see cref="Agent.Version"/> as given.</summary>
    /// <exception cref="DuplicateAgentException">An agent with the same id exists.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="agent"/> is null.</exception>
    public async ValueTask CreateAsync(Agent agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        await using var command = Bind(_database.Command(
            $"INSERT INTO agents ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) " +
            "ON CONFLICT (id) DO NOTHING;"), agent).With(agent.Version);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new DuplicateAgentException(agent.Id);
        }
    }

    /// <inheritdoc />
    /// <remarks>One statement: PostgreSQL re-checks <c>version</c> on the locked row, so of several concurrent
    /// updates with the same expected version exactly one succeeds, on any node.</remarks>
    public async ValueTask<bool> UpdateAsync(Agent agent, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        await using var command = Bind(_database.Command(
            "UPDATE agents SET client_id = $2, name = $3, owner = $4, allowed_scopes = $5, default_scopes = $6, " +
            "allowed_audiences = $7, allowed_grant_types = $8, token_lifetime_ticks = $9, status = $10, " +
            "expires_at = $11, created_at = $12, last_used_at = GREATEST(last_used_at, $13), secret_hash = $14, " +
            "jwks = $15, version = $16 + 1 WHERE id = $1 AND version = $16;"), agent).With(expectedVersion);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask TouchAsync(IReadOnlyDictionary<string, DateTimeOffset> lastUsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastUsed);
        if (lastUsed.Count == 0)
        {
            return;
        }

        // One statement for the whole batch; GREATEST ignores NULL, so a time never moves backwards.
        await using var command = _database.Command(
            "UPDATE agents AS a SET last_used_at = GREATEST(a.last_used_at, t.at) " +
            "FROM unnest($1::text[], $2::bigint[]) AS t(id, at) WHERE a.id = t.id;")
            .With(lastUsed.Keys.ToArray())
            .With(lastUsed.Values.Select(PostgreSqlValues.ToTicks).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Bind(NpgsqlCommand command, Agent agent) => command
        .With(agent.Id)
        .With(agent.ClientId)
        .With(agent.Name)
        .With(agent.Owner)
        .With(PostgreSqlValues.ToArray(agent.AllowedScopes))
        .With(PostgreSqlValues.ToArray(agent.DefaultScopes))
        .With(PostgreSqlValues.ToArray(agent.AllowedAudiences))
        .With(PostgreSqlValues.ToArray(agent.AllowedGrantTypes))
        .With(agent.TokenLifetime.Ticks)
        .With((int)agent.Status)
        .WithTime(agent.ExpiresAt)
        .With(PostgreSqlValues.ToTicks(agent.CreatedAt))
        .WithTime(agent.LastUsedAt)
        .With(agent.SecretHash)
        .With(agent.Jwks);

    private static Agent Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        ClientId = reader.GetString(1),
        Name = reader.GetString(2),
        Owner = PostgreSqlValues.ReadText(reader, 3),
        AllowedScopes = PostgreSqlValues.ReadList(reader, 4),
        DefaultScopes = PostgreSqlValues.ReadList(reader, 5),
        AllowedAudiences = PostgreSqlValues.ReadList(reader, 6),
        AllowedGrantTypes = PostgreSqlValues.ReadList(reader, 7),
        TokenLifetime = TimeSpan.FromTicks(reader.GetInt64(8)),
        Status = (AgentStatus)reader.GetInt32(9),
        ExpiresAt = PostgreSqlValues.ReadTime(reader, 10),
        CreatedAt = PostgreSqlValues.FromTicks(reader.GetInt64(11)),
        LastUsedAt = PostgreSqlValues.ReadTime(reader, 12),
        SecretHash = reader.IsDBNull(13) ? null : reader.GetFieldValue<byte[]>(13),
        Jwks = PostgreSqlValues.ReadText(reader, 14),
        Version = reader.GetInt64(15),
    };
}

using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="IAgentStore"/> over the <c>agents</c> table of a <see cref="PostgreSqlDatabase"/>.
/// Thread-safe; safe across every node sharing the database.
/// </summary>
/// <remarks>
/// Every create, update or monitoring-policy write sets <c>change_seq</c> from the one-row
/// <c>agent_change_counter</c>, incremented in the same statement or transaction as the write (as
/// <see cref="PostgreSqlRevocationStore"/> does with <c>revocation_head</c>): the counter's row lock makes writers
/// on every node take turns, so values grow in commit order and a reader polling "change_seq &gt; cursor" never
/// skips a change that commits later with a smaller value (a database sequence would not guarantee that).
/// </remarks>
public sealed class PostgreSqlAgentStore : IAgentStore, IAgentChangeFeed
{
    /// <summary>The CTE that takes the next change number (and the counter's row lock until commit).</summary>
    internal const string NextChangeCte = "WITH c AS (UPDATE agent_change_counter SET value = value + 1 WHERE id = 1 RETURNING value) ";

    private const string Columns =
        "id, client_id, name, owner, allowed_scopes, default_scopes, allowed_audiences, allowed_grant_types, " +
        "token_lifetime_ticks, status, expires_at, created_at, last_used_at, secret_hash, jwks, version, dpop";

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
            NextChangeCte +
            $"INSERT INTO agents ({Columns}, change_seq) SELECT $1, $2, $3, $4::text, $5, $6, $7, $8, $9, $10, $11, $12, $13, " +
            "$14::bytea, $15::text, $16, $17::integer, c.value FROM c " +
            "ON CONFLICT (id) DO NOTHING;"), agent).With(agent.Version).With(Dpop(agent));
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
            NextChangeCte +
            "UPDATE agents SET client_id = $2, name = $3, owner = $4, allowed_scopes = $5, default_scopes = $6, " +
            "allowed_audiences = $7, allowed_grant_types = $8, token_lifetime_ticks = $9, status = $10, " +
            "expires_at = $11, created_at = $12, last_used_at = GREATEST(last_used_at, $13), secret_hash = $14, " +
            "jwks = $15, dpop = $17::integer, version = $16 + 1, change_seq = (SELECT value FROM c) " +
            "WHERE id = $1 AND version = $16;"), agent).With(expectedVersion).With(Dpop(agent));
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

    /// <summary>Lists one page of agents (keyset paging on (created_at, id), so a page costs the same at any depth).</summary>
    /// <exception cref="ArgumentException">The query's cursor is not valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The query's limit is not between 1 and <see cref="AgentCursor.MaxLimit"/>.</exception>
    public async ValueTask<AgentPage> ListPageAsync(AgentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = AgentCursor.Validate(query);
        var where = new List<string>();
        var values = new List<object>();
        if (query.Owner is not null)
        {
            values.Add(query.Owner);
            where.Add($"owner = ${values.Count}");
        }

        if (query.Status is { } status)
        {
            values.Add((int)status);
            where.Add($"status = ${values.Count}");
        }

        if (after is { } cursor)
        {
            values.Add(PostgreSqlValues.ToTicks(cursor.CreatedAt));
            values.Add(cursor.Id);
            where.Add($"(created_at, id COLLATE \"C\") > (${values.Count - 1}, ${values.Count})");
        }

        values.Add(query.Limit + 1);
        // COLLATE "C": ordinal id order whatever the database's collation, as AgentCursor expects.
        await using var command = _database.Command($"SELECT {Columns} FROM agents " +
            (where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where) + " ") +
            $"ORDER BY created_at, id COLLATE \"C\" LIMIT ${values.Count};");
        foreach (var value in values)
        {
            command.With(value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var agents = new List<Agent>(query.Limit + 1);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            agents.Add(Read(reader));
        }

        return agents.Count > query.Limit
            ? new AgentPage(agents[..query.Limit], AgentCursor.After(agents[query.Limit - 1]))
            : new AgentPage(agents, null);
    }

    /// <summary>Reads the agents created, updated or given a monitoring policy after <paramref name="cursor"/> (see <see cref="IAgentChangeFeed"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public async ValueTask<AgentChanges> ReadChangesAsync(long cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (cursor < 0)
        {
            // The committed counter: a writer still holding its lock will commit a larger value.
            await using var head = _database.Command("SELECT value FROM agent_change_counter WHERE id = 1;");
            return new AgentChanges([], (long)(await head.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
        }

        await using var command = _database.Command(
            "SELECT id, change_seq FROM agents WHERE change_seq > $1 ORDER BY change_seq LIMIT $2;")
            .With(cursor).With(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        var last = cursor;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
            last = reader.GetInt64(1);
        }

        return new AgentChanges(ids, last);
    }

    private static object? Dpop(Agent agent) => agent.Dpop is { } dpop ? (int)dpop : null;

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
        Dpop = reader.IsDBNull(16) ? null : (DpopRequirement)reader.GetInt32(16),
    };
}

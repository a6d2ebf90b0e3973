using System.Data;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// <see cref="IAgentStore"/> over the <c>agents</c> table of a <see cref="SqliteDatabase"/>.
/// Thread-safe; safe across processes sharing the file.
/// </summary>
public sealed class SqliteAgentStore : IAgentStore, IAgentChangeFeed
{
    /// <summary>The next change_seq, evaluated inside the writing statement (writers are serialised).</summary>
    internal const string NextChange = "(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM agents)";

    private readonly SqliteDatabase _database;
    private readonly SqliteAgentInsertBatcher _inserts;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteAgentStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _inserts = new SqliteAgentInsertBatcher(database);
    }

    /// <summary>The group commit behind <see cref="CreateAsync"/> (tests).</summary>
    internal SqliteAgentInsertBatcher Inserts => _inserts;

    /// <summary>Finds an agent by id.</summary>
    /// <returns>The agent with every time in UTC, or null when none exists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public async ValueTask<Agent?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteAgentMapping.Columns} FROM agents WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SqliteAgentMapping.Read(reader) : null;
    }

    /// <summary>Lists every agent ordered by creation time, then by insertion order.</summary>
    public async ValueTask<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteAgentMapping.Columns} FROM agents ORDER BY created_at, rowid;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var agents = new List<Agent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            agents.Add(SqliteAgentMapping.Read(reader));
        }

        return agents;
    }

    /// <summary>Lists one page of agents (keyset paging on (created_at, id), so a page costs the same at any depth).</summary>
    /// <exception cref="ArgumentException">The query's cursor is not valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The query's limit is not between 1 and <see cref="AgentCursor.MaxLimit"/>.</exception>
    public async ValueTask<AgentPage> ListPageAsync(AgentQuery query, CancellationToken cancellationToken)
    {
        var after = AgentCursor.Validate(query);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Owner is not null)
        {
            where.Add("owner = $owner");
            command.Parameters.AddWithValue("$owner", query.Owner);
        }

        if (query.Status is { } status)
        {
            where.Add("status = $status");
            command.Parameters.AddWithValue("$status", (long)status);
        }

        if (after is { } cursor)
        {
            where.Add("(created_at, id) > ($after_created_at, $after_id)");
            command.Parameters.AddWithValue("$after_created_at", SqliteValues.ToText(cursor.CreatedAt));
            command.Parameters.AddWithValue("$after_id", cursor.Id);
        }

        command.CommandText = $"SELECT {SqliteAgentMapping.Columns} FROM agents " +
            (where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where) + " ") +
            "ORDER BY created_at, id LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var agents = new List<Agent>(query.Limit + 1);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            agents.Add(SqliteAgentMapping.Read(reader));
        }

        return agents.Count > query.Limit
            ? new AgentPage(agents[..query.Limit], AgentCursor.After(agents[query.Limit - 1]))
            : new AgentPage(agents, null);
    }

    /// <summary>Adds a new agent, keeping <see cref="Agent.Version"/> as given.</summary>
    /// <exception cref="DuplicateAgentException">An agent with the same id exists.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="agent"/> is null.</exception>
    public async ValueTask CreateAsync(Agent agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        cancellationToken.ThrowIfCancellationRequested();
        // Concurrent creations share one transaction (group commit); see SqliteAgentInsertBatcher.
        if (!await _inserts.InsertAsync(agent).ConfigureAwait(false))
        {
            throw new DuplicateAgentException(agent.Id);
        }
    }

    /// <summary>
    /// Replaces the agent when its stored version equals <paramref name="expectedVersion"/>; the stored
    /// version becomes <c>expectedVersion + 1</c> whatever <see cref="Agent.Version"/> says.
    /// <see cref="Agent.LastUsedAt"/> keeps the later of the stored and the given time, so an update
    /// based on a stale read does not erase a concurrent <see cref="TouchAsync"/>.
    /// </summary>
    /// <returns>False on a version conflict or an unknown id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="agent"/> is null.</exception>
    public async ValueTask<bool> UpdateAsync(Agent agent, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // One statement: the version check and the write are atomic, so exactly one of several
        // concurrent updates with the same expected version succeeds.
        command.CommandText =
            "UPDATE agents SET client_id = $client_id, name = $name, owner = $owner, " +
            "allowed_scopes = $allowed_scopes, default_scopes = $default_scopes, " +
            "allowed_audiences = $allowed_audiences, allowed_grant_types = $allowed_grant_types, " +
            "token_lifetime_ticks = $token_lifetime_ticks, status = $status, expires_at = $expires_at, " +
            "created_at = $created_at, " +
            "last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < $last_used_at " +
            "THEN $last_used_at ELSE last_used_at END, " +
            "secret_hash = $secret_hash, jwks = $jwks, dpop = $dpop, version = $expected + 1, change_seq = " + NextChange + " " +
            "WHERE id = $id AND version = $expected;";
        SqliteAgentMapping.Bind(command, agent);
        command.Parameters.AddWithValue("$expected", expectedVersion);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Records last-used times, <see cref="TouchBatch"/> agents per transaction; unknown ids are ignored and a time never
    /// moves backwards. Does not change <see cref="Agent.Version"/>, so it never conflicts with an update.
    /// </summary>
    /// <remarks>With thousands of agents one transaction would hold SQLite's write lock for as long as it takes to update
    /// a page of each, while every token's audit commit waits; short transactions let those commits in between. They
    /// commit with <c>synchronous=NORMAL</c> (made durable by the next durable commit): last-use times are already
    /// flushed only every <c>LastUsedFlushInterval</c>, so a power loss can only lose a little more of them.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="lastUsed"/> is null.</exception>
    public async ValueTask TouchAsync(IReadOnlyDictionary<string, DateTimeOffset> lastUsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastUsed);
        if (lastUsed.Count == 0)
        {
            return;
        }

        await using var connection = await _database.OpenUnsyncedConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // max(existing, new), written as a guard because SQLite's max() returns NULL when either is NULL.
        command.CommandText =
            "UPDATE agents SET last_used_at = $time WHERE id = $id AND (last_used_at IS NULL OR last_used_at < $time);";
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        var time = command.Parameters.Add("$time", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var chunk in lastUsed.Chunk(TouchBatch))
        {
            using (await _database.WriteGate.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
                command.Transaction = transaction;
                foreach (var (agentId, usedAt) in chunk)
                {
                    id.Value = agentId;
                    time.Value = SqliteValues.ToText(usedAt);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The most last-used times written in one transaction by <see cref="TouchAsync"/>.</summary>
    internal const int TouchBatch = 256;

    /// <summary>Reads the agents created, updated or given a monitoring policy after <paramref name="cursor"/> (see <see cref="IAgentChangeFeed"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public async ValueTask<AgentChanges> ReadChangesAsync(long cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        if (cursor < 0)
        {
            command.CommandText = "SELECT COALESCE(MAX(change_seq), 0) FROM agents;";
            return new AgentChanges([], (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
        }

        command.CommandText = "SELECT id, change_seq FROM agents WHERE change_seq > $cursor ORDER BY change_seq LIMIT $limit;";
        command.Parameters.AddWithValue("$cursor", cursor);
        command.Parameters.AddWithValue("$limit", limit);
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
}

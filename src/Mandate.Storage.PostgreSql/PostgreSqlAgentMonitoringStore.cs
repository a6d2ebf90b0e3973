using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary><see cref="IAgentMonitoringStore"/> over the <c>agent_monitoring</c> and <c>agent_networks</c> tables.</summary>
public sealed class PostgreSqlAgentMonitoringStore : IAgentMonitoringStore
{
    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlAgentMonitoringStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<AgentMonitoringPolicy?> GetPolicyAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        await using var command = _database.Command(
            "SELECT allowed_hours_start, allowed_hours_end, time_zone, allowed_cidrs, auto_suspend, updated_at, hours_mode, networks_mode, tokens_per_minute, tokens_per_day, max_token_families " +
            "FROM agent_monitoring WHERE agent_id = $1;").With(agentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new AgentMonitoringPolicy
        {
            AgentId = agentId,
            AllowedHoursStart = reader.IsDBNull(0) ? null : reader.GetInt32(0),
            AllowedHoursEnd = reader.IsDBNull(1) ? null : reader.GetInt32(1),
            TimeZone = PostgreSqlValues.ReadText(reader, 2),
            AllowedCidrs = PostgreSqlValues.ReadList(reader, 3),
            AutoSuspend = reader.GetBoolean(4),
            UpdatedAt = PostgreSqlValues.FromTicks(reader.GetInt64(5)),
            HoursMode = (PolicyRuleMode)reader.GetInt32(6),
            NetworksMode = (PolicyRuleMode)reader.GetInt32(7),
            TokensPerMinute = reader.IsDBNull(8) ? null : reader.GetInt32(8),
            TokensPerDay = reader.IsDBNull(9) ? null : reader.GetInt32(9),
            MaxTokenFamilies = reader.IsDBNull(10) ? null : reader.GetInt32(10),
        };
    }

    /// <inheritdoc />
    public async ValueTask SetPolicyAsync(AgentMonitoringPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        // One statement: the policy and the agent's change_seq (IAgentChangeFeed) commit together, numbered
        // from agent_change_counter under its row lock (see PostgreSqlAgentStore).
        await using var command = _database.Command(PostgreSqlAgentStore.NextChangeCte + """
            , u AS (UPDATE agents SET change_seq = (SELECT value FROM c) WHERE id = $1)
            INSERT INTO agent_monitoring (agent_id, allowed_hours_start, allowed_hours_end, time_zone, allowed_cidrs, auto_suspend, updated_at,
                hours_mode, networks_mode, tokens_per_minute, tokens_per_day, max_token_families)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::integer, $11::integer, $12::integer)
            ON CONFLICT (agent_id) DO UPDATE SET allowed_hours_start = EXCLUDED.allowed_hours_start,
                allowed_hours_end = EXCLUDED.allowed_hours_end, time_zone = EXCLUDED.time_zone,
                allowed_cidrs = EXCLUDED.allowed_cidrs, auto_suspend = EXCLUDED.auto_suspend, updated_at = EXCLUDED.updated_at,
                hours_mode = EXCLUDED.hours_mode, networks_mode = EXCLUDED.networks_mode,
                tokens_per_minute = EXCLUDED.tokens_per_minute, tokens_per_day = EXCLUDED.tokens_per_day,
                max_token_families = EXCLUDED.max_token_families;
            """)
            .With(policy.AgentId)
            .With(policy.AllowedHoursStart)
            .With(policy.AllowedHoursEnd)
            .With(policy.TimeZone)
            .With(PostgreSqlValues.ToArray(policy.AllowedCidrs))
            .With(policy.AutoSuspend)
            .With(PostgreSqlValues.ToTicks(policy.UpdatedAt))
            .With((int)policy.HoursMode)
            .With((int)policy.NetworksMode)
            .With(policy.TokensPerMinute)
            .With(policy.TokensPerDay)
            .With(policy.MaxTokenFamilies);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAddNetworkAsync(string agentId, string network, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(network);
        await using var command = _database.Command(
            "INSERT INTO agent_networks (agent_id, network, first_seen) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING;")
            .With(agentId).With(network).With(PostgreSqlValues.ToTicks(seenAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <remarks>One transaction (one commit) for the whole list.</remarks>
    public async ValueTask<IReadOnlyList<int>> AddNetworksAsync(IReadOnlyList<AgentNetworkSighting> sightings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sightings);
        var results = new int[sightings.Count];
        if (sightings.Count == 0)
        {
            return results;
        }

        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < sightings.Count; i++)
        {
            var (agentId, network, seenAt) = sightings[i];
            ArgumentNullException.ThrowIfNull(agentId);
            ArgumentNullException.ThrowIfNull(network);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO agent_networks (agent_id, network, first_seen) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING;", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = agentId });
            insert.Parameters.Add(new NpgsqlParameter { Value = network });
            insert.Parameters.Add(new NpgsqlParameter { Value = PostgreSqlValues.ToTicks(seenAt) });
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                await using var count = new NpgsqlCommand("SELECT count(*) FROM agent_networks WHERE agent_id = $1;", connection, transaction);
                count.Parameters.Add(new NpgsqlParameter { Value = agentId });
                results[i] = (int)(long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <inheritdoc />
    public async ValueTask<int> CountNetworksAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        await using var command = _database.Command("SELECT count(*) FROM agent_networks WHERE agent_id = $1;").With(agentId);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}

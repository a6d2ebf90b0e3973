using System.Data;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary><see cref="IAgentMonitoringStore"/> over the <c>agent_monitoring</c> and <c>agent_networks</c> tables.</summary>
public sealed class SqliteAgentMonitoringStore : IAgentMonitoringStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteAgentMonitoringStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<AgentMonitoringPolicy?> GetPolicyAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT allowed_hours_start, allowed_hours_end, time_zone, allowed_cidrs, auto_suspend, updated_at, hours_mode, networks_mode, tokens_per_minute, tokens_per_day, max_token_families FROM agent_monitoring WHERE agent_id = $id;";
        command.Parameters.AddWithValue("$id", agentId);
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
            TimeZone = reader.IsDBNull(2) ? null : reader.GetString(2),
            AllowedCidrs = SqliteValues.ParseList(reader.GetString(3)),
            AutoSuspend = reader.GetInt64(4) != 0,
            UpdatedAt = SqliteValues.ParseTime(reader.GetString(5)),
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
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // One transaction: the policy and the agent's change_seq (IAgentChangeFeed, so other servers drop
        // their cached copy) are written together.
        await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO agent_monitoring (agent_id, allowed_hours_start, allowed_hours_end, time_zone, allowed_cidrs, auto_suspend, updated_at, hours_mode, networks_mode,
                tokens_per_minute, tokens_per_day, max_token_families)
            VALUES ($id, $start, $end, $zone, $cidrs, $auto, $at, $hours_mode, $networks_mode, $per_minute, $per_day, $max_families)
            ON CONFLICT (agent_id) DO UPDATE SET allowed_hours_start = excluded.allowed_hours_start,
                allowed_hours_end = excluded.allowed_hours_end, time_zone = excluded.time_zone,
                allowed_cidrs = excluded.allowed_cidrs, auto_suspend = excluded.auto_suspend, updated_at = excluded.updated_at,
                hours_mode = excluded.hours_mode, networks_mode = excluded.networks_mode,
                tokens_per_minute = excluded.tokens_per_minute, tokens_per_day = excluded.tokens_per_day,
                max_token_families = excluded.max_token_families;
            """ + "UPDATE agents SET change_seq = " + SqliteAgentStore.NextChange + " WHERE id = $id;";
        command.Parameters.AddWithValue("$id", policy.AgentId);
        command.Parameters.AddWithValue("$start", SqliteValues.OrDbNull(policy.AllowedHoursStart));
        command.Parameters.AddWithValue("$end", SqliteValues.OrDbNull(policy.AllowedHoursEnd));
        command.Parameters.AddWithValue("$zone", SqliteValues.OrDbNull(policy.TimeZone));
        command.Parameters.AddWithValue("$cidrs", SqliteValues.ToJson(policy.AllowedCidrs));
        command.Parameters.AddWithValue("$auto", policy.AutoSuspend ? 1 : 0);
        command.Parameters.AddWithValue("$at", SqliteValues.ToText(policy.UpdatedAt));
        command.Parameters.AddWithValue("$hours_mode", (int)policy.HoursMode);
        command.Parameters.AddWithValue("$networks_mode", (int)policy.NetworksMode);
        command.Parameters.AddWithValue("$per_minute", SqliteValues.OrDbNull(policy.TokensPerMinute));
        command.Parameters.AddWithValue("$per_day", SqliteValues.OrDbNull(policy.TokensPerDay));
        command.Parameters.AddWithValue("$max_families", SqliteValues.OrDbNull(policy.MaxTokenFamilies));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAddNetworkAsync(string agentId, string network, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(network);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO agent_networks (agent_id, network, first_seen) VALUES ($id, $net, $at) ON CONFLICT DO NOTHING;";
        command.Parameters.AddWithValue("$id", agentId);
        command.Parameters.AddWithValue("$net", network);
        command.Parameters.AddWithValue("$at", SqliteValues.ToText(seenAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <remarks>One write transaction (one fsync) for the whole list.</remarks>
    public async ValueTask<IReadOnlyList<int>> AddNetworksAsync(IReadOnlyList<AgentNetworkSighting> sightings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sightings);
        var results = new int[sightings.Count];
        if (sightings.Count == 0)
        {
            return results;
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO agent_networks (agent_id, network, first_seen) VALUES ($id, $net, $at) ON CONFLICT DO NOTHING;";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var net = insert.Parameters.Add("$net", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        await using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = "SELECT COUNT(*) FROM agent_networks WHERE agent_id = $id;";
        var countId = count.Parameters.Add("$id", SqliteType.Text);
        for (var i = 0; i < sightings.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(sightings[i].AgentId);
            ArgumentNullException.ThrowIfNull(sightings[i].Network);
            id.Value = sightings[i].AgentId;
            net.Value = sightings[i].Network;
            at.Value = SqliteValues.ToText(sightings[i].SeenAt);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                countId.Value = sightings[i].AgentId;
                results[i] = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <inheritdoc />
    public async ValueTask<int> CountNetworksAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM agent_networks WHERE agent_id = $id;";
        command.Parameters.AddWithValue("$id", agentId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}

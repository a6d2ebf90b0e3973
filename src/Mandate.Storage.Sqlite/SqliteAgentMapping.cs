using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>Maps <see cref="Agent"/> to and from a row of the <c>agents</c> table.</summary>
internal static class SqliteAgentMapping
{
    /// <summary>The columns in the order <see cref="Read"/> expects.</summary>
    public const string Columns =
        "id, client_id, name, owner, allowed_scopes, default_scopes, allowed_audiences, allowed_grant_types, " +
        "token_lifetime_ticks, status, expires_at, created_at, last_used_at, secret_hash, jwks, version, dpop";

    /// <summary>Binds every column except <c>version</c> as <c>$column_name</c>.</summary>
    public static void Bind(SqliteCommand command, Agent agent)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", agent.Id);
        p.AddWithValue("$client_id", agent.ClientId);
        p.AddWithValue("$name", agent.Name);
        p.AddWithValue("$owner", SqliteValues.OrDbNull(agent.Owner));
        p.AddWithValue("$allowed_scopes", SqliteValues.ToJson(agent.AllowedScopes));
        p.AddWithValue("$default_scopes", SqliteValues.ToJson(agent.DefaultScopes));
        p.AddWithValue("$allowed_audiences", SqliteValues.ToJson(agent.AllowedAudiences));
        p.AddWithValue("$allowed_grant_types", SqliteValues.ToJson(agent.AllowedGrantTypes));
        p.AddWithValue("$token_lifetime_ticks", agent.TokenLifetime.Ticks);
        p.AddWithValue("$status", (long)agent.Status);
        p.AddWithValue("$expires_at", SqliteValues.ToDbValue(agent.ExpiresAt));
        p.AddWithValue("$created_at", SqliteValues.ToText(agent.CreatedAt));
        p.AddWithValue("$last_used_at", SqliteValues.ToDbValue(agent.LastUsedAt));
        p.Add("$secret_hash", SqliteType.Blob).Value = SqliteValues.OrDbNull(agent.SecretHash);
        p.AddWithValue("$jwks", SqliteValues.OrDbNull(agent.Jwks));
        p.AddWithValue("$dpop", agent.Dpop is { } dpop ? (long)dpop : DBNull.Value);
    }

    /// <summary>Reads the current row, selected with <see cref="Columns"/>.</summary>
    /// <exception cref="InvalidDataException">A list column holds malformed JSON.</exception>
    public static Agent Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        ClientId = reader.GetString(1),
        Name = reader.GetString(2),
        Owner = reader.IsDBNull(3) ? null : reader.GetString(3),
        AllowedScopes = SqliteValues.ParseList(reader.GetString(4)),
        DefaultScopes = SqliteValues.ParseList(reader.GetString(5)),
        AllowedAudiences = SqliteValues.ParseList(reader.GetString(6)),
        AllowedGrantTypes = SqliteValues.ParseList(reader.GetString(7)),
        TokenLifetime = TimeSpan.FromTicks(reader.GetInt64(8)),
        Status = (AgentStatus)reader.GetInt64(9),
        ExpiresAt = reader.IsDBNull(10) ? null : SqliteValues.ParseTime(reader.GetString(10)),
        CreatedAt = SqliteValues.ParseTime(reader.GetString(11)),
        LastUsedAt = reader.IsDBNull(12) ? null : SqliteValues.ParseTime(reader.GetString(12)),
        SecretHash = reader.IsDBNull(13) ? null : (byte[])reader.GetValue(13),
        Jwks = reader.IsDBNull(14) ? null : reader.GetString(14),
        Version = reader.GetInt64(15),
        Dpop = reader.IsDBNull(16) ? null : (DpopRequirement)reader.GetInt64(16),
    };
}

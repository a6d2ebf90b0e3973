using Npgsql;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>A database built at schema v1 and filled through the v1 tables is upgraded to the latest by opening it: every row reads back through the stores.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlUpgradeFromV1Tests(PostgreSqlServerFixture server) : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    [Fact]
    public async Task OpenAsync_SchemaV1WithData_MigratesToLatestAndEveryRowReadsBack()
    {
        await using (var connection = new NpgsqlConnection(_schema.ConnectionString + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await PostgreSqlMigrations.ApplyAsync(connection, _schema.Name, default, upTo: 1);
            var created = PostgreSqlValues.ToTicks(Created);
            await using var fill = new NpgsqlCommand(
                "INSERT INTO agents (id, client_id, name, owner, allowed_scopes, default_scopes, allowed_audiences, allowed_grant_types, " +
                $"token_lifetime_ticks, status, expires_at, created_at, last_used_at, secret_hash, jwks, version) VALUES ('agt_v1', 'agt_v1', 'old agent', " +
                $"'team@example.test', '{{orders:read,orders:write}}', '{{orders:read}}', '{{https://api.example.test}}', '{{client_credentials}}', " +
                $"{TimeSpan.FromMinutes(10).Ticks}, 0, NULL, {created}, {created + 1}, '\\x0102', NULL, 3);" +
                "INSERT INTO server_secrets (name, value) VALUES ('pepper', '\\x0a0b0c');" +
                $"INSERT INTO signing_keys (key_id, algorithm, state, public_jwk, encrypted_private_key, created_at, activated_at) VALUES ('kid-v1', 'ES256', 1, '{{}}', '\\x00', {created}, {created});" +
                $"INSERT INTO revocation_events (sequence, kind, subject, at, expires_at) VALUES (1, 0, 'jti-v1', {created}, {created + TimeSpan.FromDays(1).Ticks});" +
                "UPDATE revocation_head SET head = 1;" +
                $"INSERT INTO audit_records (timestamp, type, agent_id, jti) VALUES ({created}, 'token.issued', 'agt_v1', 'jti-v1');",
                connection);
            await fill.ExecuteNonQueryAsync();
        }

        var database = _schema.Open();

        Assert.Equal(PostgreSqlDatabase.SchemaVersion, Convert.ToInt32(Scalar("SELECT version FROM mandate_schema_version;")));
        var agent = await new PostgreSqlAgentStore(database).FindAsync("agt_v1", default);
        Assert.NotNull(agent);
        Assert.Equal("old agent", agent.Name);
        Assert.Equal(["orders:read", "orders:write"], agent.AllowedScopes);
        Assert.Equal(TimeSpan.FromMinutes(10), agent.TokenLifetime);
        Assert.Equal(Created, agent.CreatedAt);
        Assert.Equal(3, agent.Version);
        Assert.Null(agent.Dpop);
        Assert.Equal([1, 2], agent.SecretHash);
        Assert.Equal([10, 11, 12], await new PostgreSqlServerSecretStore(database).GetAsync("pepper", default));
        Assert.Equal("kid-v1", Assert.Single(await new PostgreSqlSigningKeyStore(database).ListAsync(default)).KeyId);
        var revocations = new PostgreSqlRevocationStore(database);
        Assert.Equal(1, await revocations.GetHeadAsync(default));
        Assert.Equal("jti-v1", Assert.Single(await revocations.ListAfterAsync(0, 10, default)).Subject);
        var audit = Assert.Single(await new PostgreSqlAuditStore(database).QueryAsync(new AuditQuery { Agent = "agt_v1", Limit = 10 }, default));
        Assert.Equal(("token.issued", "jti-v1", Created), (audit.Type, audit.TokenId, audit.Timestamp));
    }

    public void Dispose() => _schema.Dispose();

    private object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(_schema.ConnectionString + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }
}

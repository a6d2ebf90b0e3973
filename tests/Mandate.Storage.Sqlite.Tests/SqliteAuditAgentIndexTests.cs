using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>
/// Migration v10: the client_id index of the audit log holds only records whose client_id differs from
/// their agent_id. The agent filter must still find every record by either column, through indexes only.
/// </summary>
public sealed class SqliteAuditAgentIndexTests : IDisposable
{
    // The agent filter exactly as SqliteAuditStore.QueryAsync writes it.
    private const string AgentFilterPlan =
        "EXPLAIN QUERY PLAN SELECT id FROM audit_records WHERE 1 = 1 AND " + SqliteAuditStore.AgentFilter + " ORDER BY id LIMIT 100;";

    private readonly SqliteTestDirectory _directory = new();

    [Fact]
    public async Task AgentFilter_SearchesBothIndexes_NeverScansTheLog()
    {
        using var store = new SqliteAuditStore(_directory.Open());
        await store.AppendAsync([AuditStoreConformanceTests.FullRecord("j1", TestData.Start)], default);

        var plan = QueryPlan(AgentFilterPlan, "agt_A");

        Assert.Contains("USING INDEX ix_audit_records_agent_id", plan);
        Assert.Contains("USING INDEX ix_audit_records_client_id_other", plan);
        Assert.DoesNotContain("SCAN audit_records", plan);
    }

    [Fact]
    public async Task IssuanceRecords_StayOutOfTheClientIdIndex_OthersGoIn()
    {
        using var store = new SqliteAuditStore(_directory.Open());
        await store.AppendAsync(
        [
            AuditStoreConformanceTests.FullRecord("j1", TestData.Start),
            AuditStoreConformanceTests.FullRecord("j2", TestData.Start),
            new AuditRecord { Timestamp = TestData.Start, Type = AuditEventTypes.TokenDenied, ClientId = "agt_unknown", Error = "invalid_client" },
            new AuditRecord { Timestamp = TestData.Start, Type = AuditEventTypes.AdminAgentChanged, AgentId = "agt_Z", ClientId = "agt_admin" },
        ], default);

        var indexed = _directory.Scalar(
            "SELECT count(*) FROM audit_records INDEXED BY ix_audit_records_client_id_other WHERE client_id IS NOT agent_id AND client_id > '';");

        Assert.Equal(2L, indexed);
    }

    [Fact]
    public async Task UpgradeFromV9_KeepsEveryRecord_AndTheAgentFilterStillFindsThem()
    {
        _directory.Open().Dispose();
        // Put the file back at v9: the old full client_id index, records written before the upgrade, and none of
        // what v11 onwards added (policy modes and rate counters, dpop, change_seq, require_jti, status lists).
        _directory.Scalar(
            "DROP INDEX ix_audit_records_client_id_other; " +
            "ALTER TABLE agent_monitoring DROP COLUMN hours_mode; ALTER TABLE agent_monitoring DROP COLUMN networks_mode; " +
            "ALTER TABLE agent_monitoring DROP COLUMN tokens_per_minute; ALTER TABLE agent_monitoring DROP COLUMN tokens_per_day; " +
            "DROP TABLE rate_counters; " +
            "ALTER TABLE agents DROP COLUMN dpop; " +
            "DROP INDEX ix_agents_change_seq; DROP INDEX ix_agents_created_at_id; DROP INDEX ix_agents_owner_created_at_id; " +
            "ALTER TABLE agents DROP COLUMN change_seq; " +
            "ALTER TABLE trusted_issuers DROP COLUMN require_jti; " +
            "DROP TABLE status_list_entries; DROP TABLE ssf_events; DROP TABLE ssf_streams; " +
            "CREATE INDEX ix_audit_records_client_id ON audit_records (client_id, id) WHERE client_id IS NOT NULL; " +
            "INSERT INTO audit_records (timestamp, type, agent_id, client_id, jti) VALUES " +
            "('2026-01-01T00:00:00.0000000Z', 'token.issued', 'agt_A', 'agt_A', 'old1'), " +
            "('2026-01-01T00:00:01.0000000Z', 'admin.agent', 'agt_Z', 'agt_A', NULL); " +
            "PRAGMA user_version = 9;");

        using var store = new SqliteAuditStore(_directory.Open());
        var forA = await store.QueryAsync(new AuditQuery { Agent = "agt_A" }, default);
        var forZ = await store.QueryAsync(new AuditQuery { Agent = "agt_Z" }, default);

        Assert.Equal((long)SqliteDatabase.SchemaVersion, _directory.Scalar("PRAGMA user_version;"));
        Assert.Equal(0L, _directory.Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'ix_audit_records_client_id';"));
        Assert.Equal(1L, _directory.Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'ix_audit_records_client_id_other';"));
        Assert.Equal(["old1", null], forA.Select(r => r.TokenId));
        Assert.Equal([AuditEventTypes.AdminAgentChanged], forZ.Select(r => r.Type));
    }

    public void Dispose() => _directory.Dispose();

    private string QueryPlan(string sql, string agent)
    {
        using var connection = _directory.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$agent", agent);
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }
}

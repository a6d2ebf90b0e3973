namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Schema v13: agents stored before the change feed existed keep working and appear once they change.</summary>
public sealed class SqliteAgentChangeSeqUpgradeTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    [Fact]
    public async Task UpgradeFromV12_ExistingAgentsReadable_AndTheirNextUpdateIsAChange()
    {
        _directory.Open().Dispose();
        _directory.Scalar(
            // Back to v12: without the change feed (v13), the per-issuer jti policy (v14) and status lists (v15) and Shared Signals (v16).
            "DROP INDEX ix_agents_change_seq; DROP INDEX ix_agents_created_at_id; DROP INDEX ix_agents_owner_created_at_id; " +
            "ALTER TABLE agents DROP COLUMN change_seq; ALTER TABLE trusted_issuers DROP COLUMN require_jti; DROP TABLE status_list_entries; DROP TABLE ssf_events; DROP TABLE ssf_streams; " +
            "INSERT INTO agents (id, client_id, name, owner, allowed_scopes, default_scopes, allowed_audiences, allowed_grant_types, " +
            "token_lifetime_ticks, status, expires_at, created_at, last_used_at, secret_hash, jwks, version) VALUES " +
            "('agt_old', 'agt_old', 'old', NULL, '[]', '[]', '[]', '[]', 3000000000, 0, NULL, '2026-01-01T00:00:00.0000000Z', NULL, NULL, NULL, 0); " +
            "PRAGMA user_version = 12;");

        var store = new SqliteAgentStore(_directory.Open());
        var head = await store.ReadChangesAsync(-1, 10, default);
        var old = await store.FindAsync("agt_old", default);
        Assert.NotNull(old);
        Assert.True(await store.UpdateAsync(old with { Status = AgentStatus.Suspended }, 0, default));

        Assert.Equal(["agt_old"], (await store.ReadChangesAsync(head.Cursor, 10, default)).AgentIds);
        Assert.Equal((long)SqliteDatabase.SchemaVersion, _directory.Scalar("PRAGMA user_version;"));
    }

    public void Dispose() => _directory.Dispose();
}

using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>
/// The agent-keyed lookups of the audit log and the status-list entries (migration v21, <see cref="SqliteAgentIndex"/>):
/// rows are found by agent whether they are still past the watermark or already indexed in bulk, each exactly once, and
/// the queries search by key instead of scanning.
/// </summary>
public sealed class SqliteAgentIndexTests : IDisposable
{
    private static readonly DateTimeOffset Start = TestData.Start;
    private readonly SqliteTestDirectory _directory = new();

    [Fact]
    public async Task AuditByAgent_BeforeAndAfterARun_FindsEveryRecordOnceInOrder_ByAgentOrClientId()
    {
        var database = _directory.Open();
        using var store = new SqliteAuditStore(database);
        await store.AppendAsync([Record("a1", "agt_A", "agt_A"), Record("b1", "agt_B", "agt_B"), Record("x1", "agt_Z", "agt_A")], default);
        var beforeRun = await Tokens(store, "agt_A");

        await database.AgentIndex.RunAsync(default);
        await store.AppendAsync([Record("a2", "agt_A", "agt_A"), Record("b2", "agt_B", "agt_B")], default);

        Assert.Equal(["a1", "x1"], beforeRun);
        Assert.Equal(["a1", "x1", "a2"], await Tokens(store, "agt_A"));
        Assert.Equal(["a2", "x1", "a1"], await Tokens(store, "agt_A", newestFirst: true));
        Assert.Equal(["x1"], await Tokens(store, "agt_Z"));
        Assert.Equal(["b1", "b2"], await Tokens(store, "agt_B"));
        Assert.Equal(4L, _directory.Scalar("SELECT count(*) FROM audit_agent_ids;")); // (A,1) (B,2) (Z,3) (A,3)
        Assert.Equal(3L, _directory.Scalar("SELECT audit_upto FROM agent_index_state;"));

        // Paging across the watermark: newest first, two per page.
        var first = await store.QueryAsync(new AuditQuery { Agent = "agt_A", NewestFirst = true, Limit = 2 }, default);
        var second = await store.QueryAsync(new AuditQuery { Agent = "agt_A", NewestFirst = true, Limit = 2, BeforeId = first[^1].Id }, default);
        Assert.Equal(["a2", "x1", "a1"], first.Concat(second).Select(r => r.TokenId));
    }

    [Fact]
    public async Task AuditAgentFilter_SearchesTheLookupAndTheIdsPastTheWatermark_NeverScansTheLog()
    {
        using var store = new SqliteAuditStore(_directory.Open());
        await store.AppendAsync([AuditStoreConformanceTests.FullRecord("j1", Start)], default);

        var plan = QueryPlan(
            "EXPLAIN QUERY PLAN " + SqliteAuditStore.AgentSql(" AND r.type = 'token.issued'", newestFirst: true),
            ("$agent", "agt_A"), ("$limit", 100));

        Assert.Contains("SEARCH a USING PRIMARY KEY (agent=? AND id<?)", plan);
        Assert.Contains("SEARCH r USING INTEGER PRIMARY KEY (rowid=?)", plan);
        Assert.Contains("SEARCH r USING INTEGER PRIMARY KEY (rowid>?)", plan);
        Assert.DoesNotContain("SCAN r", plan);
        Assert.DoesNotContain("TEMP B-TREE FOR ORDER BY", plan.Split("MERGE")[0]);
    }

    [Fact]
    public async Task Retention_DeletesTheLookupRowsOfTheDeletedRecords()
    {
        var database = _directory.Open();
        using var store = new SqliteAuditStore(database);
        await store.AppendAsync([Record("old", "agt_A", "agt_B", Start), Record("new", "agt_A", "agt_A", Start.AddDays(2))], default);
        await database.AgentIndex.RunAsync(default);

        Assert.Equal(1, await store.DeleteBeforeAsync(Start.AddDays(1), default));

        Assert.Equal(1L, _directory.Scalar("SELECT count(*) FROM audit_agent_ids;"));
        Assert.Equal(["new"], await Tokens(store, "agt_A"));
        Assert.Empty(await Tokens(store, "agt_B"));
    }

    [Fact]
    public async Task RevokeAgent_FindsEntriesIndexedAndPastTheWatermark_NotAnotherAgentsOrARecycledIndex()
    {
        var database = _directory.Open();
        using var store = new SqliteStatusListStore(database);
        var issued = Start;
        Assert.True(await store.TryAllocateAsync(Entry(1, "a-old", "agt_a", issued), issued, default));
        Assert.True(await store.TryAllocateAsync(Entry(2, "b-old", "agt_b", issued), issued, default));
        Assert.True(await store.TryAllocateAsync(Entry(3, "x-old", "agt_x", issued, clientId: "agt_a"), issued, default));
        Assert.True(await store.TryAllocateAsync(Entry(4, "recycled", "agt_a", issued, lifetime: TimeSpan.FromSeconds(1)), issued, default));
        var later = issued + TimeSpan.FromMinutes(5);
        // Issued before the others: the watermark follows the order of commit (seq), not the issue times.
        Assert.True(await store.TryAllocateAsync(Entry(5, "a-early", "agt_a", issued - TimeSpan.FromMinutes(1)), issued, default));
        await database.AgentIndex.RunAsync(default);
        Assert.Equal(5L, _directory.Scalar("SELECT status_upto FROM agent_index_state;"));
        Assert.Equal(6L, _directory.Scalar("SELECT count(*) FROM status_agent_ids;")); // x-old twice: as agt_x and as agt_a

        // Index 4 goes to agt_b after its first holder expired; index 6 is past the watermark, issued earlier still.
        Assert.True(await store.TryAllocateAsync(Entry(4, "b-recycled", "agt_b", later), later, default));
        Assert.True(await store.TryAllocateAsync(Entry(6, "a-past-watermark", "agt_a", issued - TimeSpan.FromHours(1), lifetime: TimeSpan.FromHours(2)), later, default));

        Assert.Equal(4, await store.RevokeAgentAsync("agt_a", later, later, default));

        Assert.Equal([1, 3, 5, 6], (await store.ListRevokedAsync(1, default)).Order());
    }

    [Fact]
    public async Task RevokeAgent_SearchesTheLookupAndTheSeqPastTheWatermark_NeverScansTheEntries()
    {
        using var store = new SqliteStatusListStore(_directory.Open());
        Assert.True(await store.TryAllocateAsync(Entry(1, "t", "agt_a", Start), Start, default));

        var plan = QueryPlan(
            """
            EXPLAIN QUERY PLAN SELECT list_id, idx FROM status_agent_ids
            WHERE agent = $agent AND issued_at <= $iat AND expires_at > $now
            UNION ALL SELECT list_id, idx FROM status_list_entries
            WHERE seq > (SELECT status_upto FROM agent_index_state) AND (subject = $agent OR client_id = $agent);
            """,
            ("$agent", "agt_a"), ("$iat", "z"), ("$now", ""));

        Assert.Contains("status_agent_ids USING PRIMARY KEY (agent=? AND issued_at<?)", plan);
        Assert.Contains("status_list_entries USING INDEX ix_status_list_entries_seq (seq>?)", plan);
        Assert.DoesNotContain("SCAN status", plan);
    }

    [Fact]
    public async Task Committed_StartsARunInTheBackgroundOnceEnoughRowsAccumulated()
    {
        var database = _directory.Open();
        using var store = new SqliteAuditStore(database);
        await store.AppendAsync([Record("a1", "agt_A", "agt_A")], default);

        database.AgentIndex.Committed(SqliteAgentIndex.RowsPerRun - 2);
        Assert.Equal(0, database.AgentIndex.Runs);
        database.AgentIndex.Committed(1); // with the appended record: RowsPerRun
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (database.AgentIndex.Runs == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, database.AgentIndex.Runs);
        Assert.Equal(1L, _directory.Scalar("SELECT audit_upto FROM agent_index_state;"));
    }

    [Fact]
    public async Task UpgradeFromV20_FillsTheLookupsFromTheExistingRows()
    {
        _directory.CreateAtVersion(20);
        _directory.Scalar(
            "INSERT INTO audit_records (timestamp, type, agent_id, client_id, jti) VALUES " +
            "('2026-01-01T00:00:00.0000000Z', 'token.issued', 'agt_A', 'agt_A', 'old1'), " +
            "('2026-01-01T00:00:01.0000000Z', 'admin.agent', 'agt_Z', 'agt_A', NULL); " +
            "INSERT INTO status_list_entries (list_id, idx, jti, subject, client_id, kid, issued_at, expires_at) VALUES " +
            "(1, 9, 'old1', 'agt_A', 'agt_A', 'k', '2026-01-01T00:00:00.0000000Z', '2099-01-01T00:00:00.0000000Z'); SELECT 1;");

        var database = _directory.Open();
        using var audit = new SqliteAuditStore(database);
        using var status = new SqliteStatusListStore(database);

        Assert.Equal(["old1", "(none)"], await Tokens(audit, "agt_A"));
        Assert.Equal(3L, _directory.Scalar("SELECT count(*) FROM audit_agent_ids;"));
        Assert.Equal(2L, _directory.Scalar("SELECT audit_upto FROM agent_index_state;"));
        Assert.Equal(0L, _directory.Scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('ix_audit_records_agent_id', 'ix_status_list_entries_subject');"));
        Assert.Equal(0L, _directory.Scalar("SELECT status_upto FROM agent_index_state;"));
        Assert.Equal(1, await status.RevokeAgentAsync("agt_A", Start.AddYears(10), new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), default));
    }

    public void Dispose() => _directory.Dispose();

    private static AuditRecord Record(string jti, string agent, string client, DateTimeOffset? at = null) => new()
    {
        Timestamp = at ?? Start,
        Type = AuditEventTypes.TokenIssued,
        AgentId = agent,
        ClientId = client,
        TokenId = jti,
    };

    private static StatusListEntry Entry(int index, string jti, string subject, DateTimeOffset issuedAt, string? clientId = null, TimeSpan? lifetime = null) => new()
    {
        ListId = 1,
        Index = index,
        TokenId = jti,
        Subject = subject,
        ClientId = clientId ?? subject,
        KeyId = "k1",
        IssuedAt = issuedAt,
        ExpiresAt = issuedAt + (lifetime ?? TimeSpan.FromHours(1)),
    };

    private static async Task<string[]> Tokens(SqliteAuditStore store, string agent, bool newestFirst = false) =>
        [.. (await store.QueryAsync(new AuditQuery { Agent = agent, NewestFirst = newestFirst }, default)).Select(r => r.TokenId ?? "(none)")];

    private string QueryPlan(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = _directory.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }
}

using Npgsql;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>
/// The audit table partitioned by month: an unpartitioned table written before the migration keeps every row,
/// appends create their month's partition and the next one ahead, and retention drops whole expired months.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAuditPartitionTests(PostgreSqlServerFixture server) : IDisposable
{
    private static readonly DateTimeOffset October = new(2026, 10, 15, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset November = new(2026, 11, 3, 23, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset December = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    [Fact]
    public async Task Upgrade_UnpartitionedAuditRows_AllReadableWithTheirIdsInMonthPartitions()
    {
        await MigrateUpToAsync(PostgreSqlMigrations.AuditPartitionMigration - 1);
        foreach (var (at, count) in new[] { (October, 100), (November, 120), (December, 80) })
        {
            Execute($"INSERT INTO audit_records (timestamp, type, agent_id, details) SELECT {PostgreSqlValues.ToTicks(at)} + i, 'token.issued', " +
                $"'agt_' || (i % 7), 'n=' || i FROM generate_series(1, {count}) AS i;");
        }

        var before = Rows("SELECT id, timestamp, type, agent_id, details FROM audit_records ORDER BY id;");

        var store = new PostgreSqlAuditStore(_schema.Open());
        var read = await store.QueryAsync(new AuditQuery { Limit = 1_000 }, default);

        Assert.Equal(300, before.Count);
        Assert.Equal(before, read.Select(r => $"{r.Id}|{PostgreSqlValues.ToTicks(r.Timestamp)}|{r.Type}|{r.AgentId}|{r.Details}").ToList());
        Assert.Equal(["audit_records_default", "audit_records_p202610", "audit_records_p202611", "audit_records_p202612", "audit_records_p202701"], Partitions());
        Assert.Equal(0L, Execute("SELECT count(*) FROM audit_records_default;"));
        Assert.Equal(80L, Execute("SELECT count(*) FROM audit_records_p202612;"));
        await store.AppendAsync([new AuditRecord { Timestamp = December, Type = "token.issued" }], default);
        Assert.True((await store.QueryAsync(new AuditQuery { Limit = 1, NewestFirst = true }, default))[0].Id > read[^1].Id);
    }

    [Fact]
    public async Task AppendAsync_NewMonth_CreatesItsPartitionAndTheNextAhead()
    {
        var store = new PostgreSqlAuditStore(_schema.Open());

        await store.AppendAsync([new AuditRecord { Timestamp = November, Type = "token.issued" }], default);

        Assert.Equal(["audit_records_default", "audit_records_p202611", "audit_records_p202612"], Partitions());
        Assert.Equal(1L, Execute("SELECT count(*) FROM audit_records_p202611;"));
    }

    [Fact]
    public async Task DeleteBeforeAsync_DropsExpiredMonthsAndDeletesTheRestBeforeTheCutoff()
    {
        var store = new PostgreSqlAuditStore(_schema.Open());
        await store.AppendAsync([.. Records(October, 5), .. Records(November, 4), .. Records(December, 3)], default);

        var deleted = await store.DeleteBeforeAsync(November.AddSeconds(2), default);

        Assert.Equal(5 + 2, deleted);
        Assert.DoesNotContain("audit_records_p202610", Partitions());
        Assert.Equal(2 + 3, (await store.QueryAsync(new AuditQuery { Limit = 100 }, default)).Count);
    }

    public void Dispose() => _schema.Dispose();

    private static IEnumerable<AuditRecord> Records(DateTimeOffset at, int count) =>
        Enumerable.Range(0, count).Select(i => new AuditRecord { Timestamp = at.AddSeconds(i), Type = "token.issued" });

    private async Task MigrateUpToAsync(int version)
    {
        await using var connection = new NpgsqlConnection(_schema.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await PostgreSqlMigrations.ApplyAsync(connection, _schema.Name, default, version);
    }

    private List<string> Partitions()
    {
        var rows = Rows("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid " +
            "WHERE i.inhparent = 'audit_records'::regclass ORDER BY c.relname;");
        return rows;
    }

    private List<string> Rows(string sql)
    {
        using var connection = new NpgsqlConnection(_schema.ConnectionString + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private object? Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_schema.ConnectionString + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }
}

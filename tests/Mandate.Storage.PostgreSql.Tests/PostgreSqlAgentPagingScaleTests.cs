using Mandate.Storage.Conformance;
using Npgsql;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>The admin API's agent list at fleet scale on PostgreSQL: 100,000 agents paged 1,000 at a time, each seen
/// exactly once, one owner's tenth too, and every page query read through an index in key order (the plan is
/// asserted, never wall-clock time).</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAgentPagingScaleTests(PostgreSqlServerFixture server) : IDisposable
{
    private const int Fleet = 100_000;
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    [Fact]
    public async Task HundredThousandAgents_PagedByOneThousand_EachSeenOnce_ByOwnerToo_ThroughIndexes()
    {
        var store = new PostgreSqlAgentStore(_schema.Open());
        await store.CreateAsync(TestData.MinimalAgent("agt_seed", TestData.Start), default);
        Fill();

        var (agents, pages) = await FleetPaging.PageAllAsync(store, 1_000);
        Assert.Equal(Fleet + 1, agents);
        Assert.Equal(101, pages);

        // One owner's agents (a tenth of the fleet), paged the same way.
        var (owned, _) = await FleetPaging.PageAllAsync(store, 1_000, "owner-3@example.test");
        Assert.Equal(Fleet / 10, owned);

        // The page queries as the store writes them: an index scan in (created_at, id) order, no sort of the table. (For
        // an owner holding a tenth of the fleet PostgreSQL may walk either index; both are in key order.)
        foreach (var where in new[]
        {
            "",
            "WHERE (created_at, id COLLATE \"C\") > (0, 'agt_050000') ",
            "WHERE owner = 'owner-3@example.test' AND (created_at, id COLLATE \"C\") > (0, 'agt_050000') ",
        })
        {
            var plan = Plan($"EXPLAIN SELECT id FROM agents {where}ORDER BY created_at, id COLLATE \"C\" LIMIT 1001;");
            Assert.True(plan.Contains("Scan using ix_agents_", StringComparison.Ordinal) && !plan.Contains("Sort", StringComparison.Ordinal), plan);
        }
    }

    public void Dispose() => _schema.Dispose();

    // 100,000 copies of the seed agent in one statement: ids agt_000000..., ten owners, created a second apart.
    private void Fill()
    {
        using var connection = new NpgsqlConnection(_schema.ConnectionString + ";Pooling=false");
        connection.Open();
        var columns = new List<string>();
        using (var info = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'agents' " +
            "AND is_identity = 'NO' ORDER BY ordinal_position;", connection))
        using (var reader = info.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var values = columns.Select(c => c switch
        {
            "id" or "client_id" => "'agt_' || lpad(n::text, 6, '0')",
            "owner" => "'owner-' || (n % 10) || '@example.test'",
            "created_at" => "created_at + n * 10000000::bigint",
            _ => c,
        });
        using var insert = new NpgsqlCommand(
            $"INSERT INTO agents ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} " +
            $"FROM generate_series(0, {Fleet - 1}) AS n, (SELECT * FROM agents WHERE id = 'agt_seed') AS seed; ANALYZE agents;", connection);
        insert.ExecuteNonQuery();
        using var count = new NpgsqlCommand("SELECT count(*) FROM agents;", connection);
        Assert.Equal((long)Fleet + 1, (long)count.ExecuteScalar()!);
    }

    private string Plan(string sql)
    {
        using var connection = new NpgsqlConnection(_schema.ConnectionString + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}

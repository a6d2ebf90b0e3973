using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>The admin API's agent list at fleet scale: 100,000 agents paged 1,000 at a time, each seen exactly once,
/// every page read through an index (the plan is asserted, never wall-clock time).</summary>
public sealed class SqliteAgentPagingScaleTests : IDisposable
{
    private const int Fleet = 100_000;
    private readonly SqliteTestDirectory _directory = new();

    [Fact]
    public async Task HundredThousandAgents_PagedByOneThousand_EachSeenOnce_ByOwnerToo()
    {
        var store = new SqliteAgentStore(_directory.Open());
        await store.CreateAsync(TestData.MinimalAgent("agt_seed", TestData.Start), default);
        Fill();

        var (agents, pages) = await FleetPaging.PageAllAsync(store, 1_000);
        Assert.Equal(Fleet + 1, agents);
        Assert.Equal(101, pages);

        // One owner's agents (a tenth of the fleet), paged the same way.
        var (owned, _) = await FleetPaging.PageAllAsync(store, 1_000, "owner-3@example.test");
        Assert.Equal(Fleet / 10, owned);
    }

    [Theory]
    [InlineData("", "ix_agents_created_at_id")]
    [InlineData("WHERE (created_at, id) > ('x', 'y') ", "ix_agents_created_at_id")]
    [InlineData("WHERE owner = 'o' AND (created_at, id) > ('x', 'y') ", "ix_agents_owner_created_at_id")]
    public void PageQueries_ReadThroughAnIndex_NeverSortTheTable(string where, string index)
    {
        _ = _directory.Open();
        var plan = string.Join('\n', Plan($"EXPLAIN QUERY PLAN SELECT id FROM agents {where}ORDER BY created_at, id LIMIT 1001;"));

        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("USE TEMP B-TREE FOR ORDER BY", plan, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    // 100,000 copies of the seed agent in one transaction: ids agt_000000..., ten owners, created a second apart.
    private void Fill()
    {
        using var connection = _directory.OpenRawConnection();
        var columns = new List<string>();
        using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('agents');";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var values = columns.Select(c => c switch
        {
            "id" or "client_id" => "printf('agt_%06d', n)",
            "owner" => "printf('owner-%d@example.test', n % 10)",
            "created_at" => "strftime('%Y-%m-%dT%H:%M:%S', '2026-01-01', '+' || n || ' seconds') || '.0000000Z'",
            _ => c,
        });
        using var insert = connection.CreateCommand();
        insert.CommandText =
            $"WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < {Fleet - 1}) " +
            $"INSERT INTO agents ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM seq, agents WHERE agents.id = 'agt_seed';";
        Assert.Equal(Fleet, insert.ExecuteNonQuery());
    }

    private List<string> Plan(string sql)
    {
        using var connection = _directory.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }
}

using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="AgentChangeFeedConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAgentChangeFeedConformanceTests(PostgreSqlServerFixture server) : AgentChangeFeedConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();
    private PostgreSqlDatabase? _database;

    private PostgreSqlDatabase Database => _database ??= _schema.Open();

    protected override IAgentStore CreateStore() => new PostgreSqlAgentStore(Database);

    [Fact]
    public async Task ReadChangesAsync_MonitoringPolicyWrittenAfterCursor_ReturnsTheAgent()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_a"), default);
        await Store.CreateAsync(TestData.MinimalAgent("agt_b"), default);
        var feed = (IAgentChangeFeed)Store;
        var head = await feed.ReadChangesAsync(-1, 100, default);

        await new PostgreSqlAgentMonitoringStore(Database).SetPolicyAsync(
            new AgentMonitoringPolicy { AgentId = "agt_a", TokensPerMinute = 5, UpdatedAt = TestData.Start }, default);

        var changes = await feed.ReadChangesAsync(head.Cursor, 100, default);
        Assert.Equal(["agt_a"], changes.AgentIds);
        Assert.True(changes.Cursor > head.Cursor);
    }

    public void Dispose() => _schema.Dispose();
}

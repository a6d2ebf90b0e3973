using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="AgentChangeFeedConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAgentChangeFeedConformanceTests(PostgreSqlServerFixture server) : AgentChangeFeedConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IAgentStore CreateStore() => new PostgreSqlAgentStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

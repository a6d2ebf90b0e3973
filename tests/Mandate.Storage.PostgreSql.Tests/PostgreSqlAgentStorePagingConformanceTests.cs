using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="AgentStorePagingConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAgentStorePagingConformanceTests(PostgreSqlServerFixture server) : AgentStorePagingConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IAgentStore CreateStore() => new PostgreSqlAgentStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

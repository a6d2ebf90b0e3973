using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="AgentMonitoringStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAgentMonitoringStoreConformanceTests(PostgreSqlServerFixture server) : AgentMonitoringStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IAgentMonitoringStore CreateStore() => new PostgreSqlAgentMonitoringStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="SecurityEventStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlSecurityEventStoreConformanceTests(PostgreSqlServerFixture server) : SecurityEventStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override ISecurityEventStore CreateStore() => new PostgreSqlSecurityEventStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

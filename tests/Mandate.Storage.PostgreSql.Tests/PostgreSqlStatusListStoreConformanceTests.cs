using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="StatusListStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStatusListStoreConformanceTests(PostgreSqlServerFixture server) : StatusListStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IStatusListStore CreateStore() => new PostgreSqlStatusListStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

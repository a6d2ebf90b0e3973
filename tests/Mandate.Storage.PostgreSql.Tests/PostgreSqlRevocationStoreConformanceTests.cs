using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="RevocationStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlRevocationStoreConformanceTests(PostgreSqlServerFixture server) : RevocationStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IRevocationStore CreateStore() => new PostgreSqlRevocationStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

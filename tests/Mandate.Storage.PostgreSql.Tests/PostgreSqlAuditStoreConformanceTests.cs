using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="AuditStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAuditStoreConformanceTests(PostgreSqlServerFixture server) : AuditStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IAuditStore CreateStore() => new PostgreSqlAuditStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

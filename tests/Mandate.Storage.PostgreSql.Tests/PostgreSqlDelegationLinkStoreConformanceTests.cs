using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="DelegationLinkStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlDelegationLinkStoreConformanceTests(PostgreSqlServerFixture server) : DelegationLinkStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IDelegationLinkStore CreateStore() => new PostgreSqlDelegationLinkStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

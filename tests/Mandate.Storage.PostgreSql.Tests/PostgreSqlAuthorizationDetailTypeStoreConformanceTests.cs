using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="AuthorizationDetailTypeStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAuthorizationDetailTypeStoreConformanceTests(PostgreSqlServerFixture server) : AuthorizationDetailTypeStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IAuthorizationDetailTypeStore CreateStore() => new PostgreSqlAuthorizationDetailTypeStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="RefreshTokenStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlRefreshTokenStoreConformanceTests(PostgreSqlServerFixture server) : RefreshTokenStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IRefreshTokenStore CreateStore() => new PostgreSqlRefreshTokenStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

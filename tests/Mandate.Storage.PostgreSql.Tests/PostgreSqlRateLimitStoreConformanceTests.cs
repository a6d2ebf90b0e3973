using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="RateLimitStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlRateLimitStoreConformanceTests(PostgreSqlServerFixture server) : RateLimitStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IRateLimitStore CreateStore(TimeProvider timeProvider) => new PostgreSqlRateLimitStore(_schema.Open(), timeProvider);

    public void Dispose() => _schema.Dispose();
}

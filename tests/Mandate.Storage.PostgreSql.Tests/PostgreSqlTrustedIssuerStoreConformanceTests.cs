using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="TrustedIssuerStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlTrustedIssuerStoreConformanceTests(PostgreSqlServerFixture server) : TrustedIssuerStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override ITrustedIssuerStore CreateStore() => new PostgreSqlTrustedIssuerStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

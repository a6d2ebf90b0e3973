using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="SigningKeyStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlSigningKeyStoreConformanceTests(PostgreSqlServerFixture server) : SigningKeyStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override ISigningKeyStore CreateStore() => new PostgreSqlSigningKeyStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

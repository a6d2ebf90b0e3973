using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="ServerSecretStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlServerSecretStoreConformanceTests(PostgreSqlServerFixture server) : ServerSecretStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IServerSecretStore CreateStore() => new PostgreSqlServerSecretStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

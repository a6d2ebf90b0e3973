using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="ClientRegistrationStoreConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlClientRegistrationStoreConformanceTests(PostgreSqlServerFixture server) : ClientRegistrationStoreConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IClientRegistrationStore CreateStore() => new PostgreSqlClientRegistrationStore(_schema.Open());

    public void Dispose() => _schema.Dispose();
}

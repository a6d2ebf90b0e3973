using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="StatusListBlockConformanceTests"/> over a fresh schema; the peer store is a second data
/// source on the same schema.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStatusListBlockConformanceTests(PostgreSqlServerFixture server) : StatusListBlockConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IStatusListStore CreateStore() => new PostgreSqlStatusListStore(_schema.Open());

    protected override IStatusListStore CreatePeerStore() => CreateStore();

    public void Dispose() => _schema.Dispose();
}

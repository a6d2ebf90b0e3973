using Mandate.Storage.Conformance;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="ReplayCacheConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlReplayCacheConformanceTests(PostgreSqlServerFixture server) : ReplayCacheConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IReplayCache CreateCache(TimeProvider timeProvider) => new PostgreSqlReplayCache(_schema.Open(), timeProvider);

    public void Dispose() => _schema.Dispose();
}

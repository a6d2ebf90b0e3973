using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="SecurityEventStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteSecurityEventStoreConformanceTests : SecurityEventStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override ISecurityEventStore CreateStore() => new SqliteSecurityEventStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

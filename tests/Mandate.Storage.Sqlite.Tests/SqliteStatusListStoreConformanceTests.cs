using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="StatusListStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteStatusListStoreConformanceTests : StatusListStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IStatusListStore CreateStore() => new SqliteStatusListStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

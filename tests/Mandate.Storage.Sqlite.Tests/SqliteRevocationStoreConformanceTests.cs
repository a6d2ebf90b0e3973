using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="RevocationStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteRevocationStoreConformanceTests : RevocationStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IRevocationStore CreateStore() => new SqliteRevocationStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

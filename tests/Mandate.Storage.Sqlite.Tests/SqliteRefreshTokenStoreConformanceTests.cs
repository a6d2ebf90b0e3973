using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="RefreshTokenStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteRefreshTokenStoreConformanceTests : RefreshTokenStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IRefreshTokenStore CreateStore() => new SqliteRefreshTokenStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

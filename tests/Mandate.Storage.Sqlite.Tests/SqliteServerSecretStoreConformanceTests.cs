using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="ServerSecretStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteServerSecretStoreConformanceTests : ServerSecretStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IServerSecretStore CreateStore() => new SqliteServerSecretStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="SigningKeyStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteSigningKeyStoreConformanceTests : SigningKeyStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override ISigningKeyStore CreateStore() => new SqliteSigningKeyStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

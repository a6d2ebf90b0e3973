using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="TrustedIssuerStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteTrustedIssuerStoreConformanceTests : TrustedIssuerStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override ITrustedIssuerStore CreateStore() => new SqliteTrustedIssuerStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

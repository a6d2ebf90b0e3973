using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="DelegationLinkStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteDelegationLinkStoreConformanceTests : DelegationLinkStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IDelegationLinkStore CreateStore() => new SqliteDelegationLinkStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

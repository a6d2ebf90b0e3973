using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="ClientRegistrationStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteClientRegistrationStoreConformanceTests : ClientRegistrationStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IClientRegistrationStore CreateStore() => new SqliteClientRegistrationStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="AuthorizationDetailTypeStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteAuthorizationDetailTypeStoreConformanceTests : AuthorizationDetailTypeStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IAuthorizationDetailTypeStore CreateStore() => new SqliteAuthorizationDetailTypeStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="AuditStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteAuditStoreConformanceTests : AuditStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IAuditStore CreateStore() => new SqliteAuditStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}

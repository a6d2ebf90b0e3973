using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="StatusListBlockConformanceTests"/> over a SQLite file; the peer store is a second database
/// object (its own connections) on the same file.</summary>
public sealed class SqliteStatusListBlockConformanceTests : StatusListBlockConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();
    private readonly List<SqliteStatusListStore> _stores = [];

    protected override IStatusListStore CreateStore()
    {
        var store = new SqliteStatusListStore(_directory.Open());
        _stores.Add(store);
        return store;
    }

    protected override IStatusListStore CreatePeerStore() => CreateStore();

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _directory.Dispose();
    }
}

using Mandate.Storage.Conformance;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="StoreHealthConformanceTests"/> over a SQLite file, and checks SQLite's own fault classes
/// (https://www.sqlite.org/rescode.html).</summary>
public sealed class SqliteStoreHealthConformanceTests : StoreHealthConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IStoreHealth CreateHealth() => new SqliteStoreHealth(_directory.Open());

    [Theory]
    [InlineData(5, StoreFault.Unavailable)]     // SQLITE_BUSY
    [InlineData(261, StoreFault.Unavailable)]   // SQLITE_BUSY_RECOVERY (extended code)
    [InlineData(8, StoreFault.Unavailable)]     // SQLITE_READONLY
    [InlineData(10, StoreFault.Unavailable)]    // SQLITE_IOERR
    [InlineData(13, StoreFault.Unavailable)]    // SQLITE_FULL
    [InlineData(11, StoreFault.Corrupt)]        // SQLITE_CORRUPT
    [InlineData(26, StoreFault.Corrupt)]        // SQLITE_NOTADB
    [InlineData(19, StoreFault.None)]           // SQLITE_CONSTRAINT: a defect or a caller error, not a fault
    [InlineData(1, StoreFault.None)]            // SQLITE_ERROR (for example an SQL error)
    public void Classify_SqliteResultCodes(int code, StoreFault expected)
    {
        Assert.Equal(expected, Health.Classify(new SqliteException("test", code)));
        Assert.Equal(expected, Health.Classify(new InvalidOperationException("wrapped", new SqliteException("test", code))));
    }

    [Fact]
    public async Task ProbeWriteAsync_WriteLockHeldPastBusyTimeout_ThrowsBusy()
    {
        using var database = SqliteDatabase.Open(Path.Combine(_directory.DirectoryPath, "locked.db"), TimeSpan.FromMilliseconds(50));
        var health = new SqliteStoreHealth(database);
        await using var holder = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var thrown = await Assert.ThrowsAsync<SqliteException>(async () => await health.ProbeWriteAsync(default));
        Assert.Equal(StoreFault.Unavailable, health.Classify(thrown));
    }

    public void Dispose() => _directory.Dispose();
}

using Mandate.Storage.Conformance;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Opening, migrating and configuring the SQLite file.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Open_EmptyFile_CreatesTablesAndSetsUserVersion()
    {
        File.WriteAllBytes(_directory.DatabasePath, []);

        _directory.Open();

        // Every migration runs: the file ends at the latest version with at least the v1 tables
        // (later migrations add more tables, so the list is checked as a superset).
        Assert.Equal((long)SqliteDatabase.SchemaVersion, _directory.Scalar("PRAGMA user_version;"));
        Assert.True(SqliteDatabase.SchemaVersion >= 1);
        var tables = ((string)_directory.Scalar("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name);")!).Split(',');
        Assert.Superset(new HashSet<string> { "agents", "replay_entries", "server_secrets", "signing_keys", "audit_records" }, new HashSet<string>(tables));
    }

    [Fact]
    public void Open_MissingFileAndFolder_CreatesThemOwnerOnly()
    {
        var path = Path.Combine(_directory.DirectoryPath, "nested", "data", "mandate.db");

        _directory.Track(SqliteDatabase.Open(path));

        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Open_NewerUserVersion_IsRefusedWithClearMessageAndFileUntouched()
    {
        _directory.Open().Dispose();
        _directory.Scalar("PRAGMA user_version = 99;");

        var ex = Assert.Throws<SqliteSchemaVersionException>(() => _directory.Open());

        Assert.Equal(99, ex.FoundVersion);
        Assert.Equal(SqliteDatabase.SchemaVersion, ex.SupportedVersion);
        Assert.Contains("schema version 99", ex.Message);
        Assert.Contains(_directory.DatabasePath, ex.Message);
        Assert.Contains("newer", ex.Message);
        Assert.Equal(99L, _directory.Scalar("PRAGMA user_version;"));
    }

    [Fact]
    public void Open_Twice_DoesNotRerunMigrations()
    {
        _directory.Open().Dispose();

        _directory.Open();

        Assert.Equal((long)SqliteDatabase.SchemaVersion, _directory.Scalar("PRAGMA user_version;"));
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_Throws()
    {
        File.WriteAllText(_directory.DatabasePath, "this is not a SQLite database, just some text long enough");

        Assert.Throws<SqliteException>(() => _directory.Open());
    }

    [Fact]
    public void Open_Always_TurnsOnWal()
    {
        _directory.Open();

        Assert.Equal("wal", _directory.Scalar("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task OpenConnectionAsync_Always_AppliesDurabilityAndLockPragmas()
    {
        var database = _directory.Open();

        await using var connection = await database.OpenConnectionAsync(default);

        Assert.Equal(2L, Pragma(connection, "synchronous")); // 2 = FULL
        Assert.Equal(1L, Pragma(connection, "foreign_keys"));
        Assert.Equal((long)SqliteDatabase.DefaultBusyTimeout.TotalMilliseconds, Pragma(connection, "busy_timeout"));
    }

    [Fact]
    public async Task CanConnectAsync_OpenDatabase_ReturnsTrue()
    {
        Assert.True(await _directory.Open().CanConnectAsync(default));
    }

    [Fact]
    public async Task CanConnectAsync_SchemaChangedUnderneath_ReturnsFalse()
    {
        var database = _directory.Open();
        _directory.Scalar("PRAGMA user_version = 99;");

        Assert.False(await database.CanConnectAsync(default));
    }

    [Fact]
    public async Task CanConnectAsync_Disposed_ReturnsFalse()
    {
        var database = _directory.Open();
        database.Dispose();

        Assert.False(await database.CanConnectAsync(default));
    }

    [Fact]
    public void Open_BlankPath_ThrowsArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => SqliteDatabase.Open(" "));
    }

    [Fact]
    public async Task Columns_HoldUtcTextJsonArraysAndBlobs()
    {
        var store = new SqliteAgentStore(_directory.Open());
        await store.CreateAsync(TestData.FullAgent("agt_raw"), default);

        Assert.Equal("2030-01-02T13:00:00.9999999Z", _directory.Scalar("SELECT created_at FROM agents;"));
        Assert.Equal("2031-06-30T21:59:59.0000007Z", _directory.Scalar("SELECT expires_at FROM agents;"));
        Assert.Equal("[\"invoices:read\"]", _directory.Scalar("SELECT default_scopes FROM agents;"));
        Assert.Equal("blob", _directory.Scalar("SELECT typeof(secret_hash) FROM agents;"));
        Assert.Equal(1L, _directory.Scalar("SELECT status FROM agents;"));
    }

    private static object? Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return command.ExecuteScalar();
    }
}

using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>A fresh temporary folder per test, deleted (with every database opened in it) on dispose.</summary>
public sealed class SqliteTestDirectory : IDisposable
{
    private readonly List<SqliteDatabase> _opened = [];

    /// <summary>Creates the folder.</summary>
    public SqliteTestDirectory()
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "mandate-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DirectoryPath);
        DatabasePath = Path.Combine(DirectoryPath, "mandate.db");
    }

    /// <summary>The temporary folder.</summary>
    public string DirectoryPath { get; }

    /// <summary>The default database file in the folder (not created until opened).</summary>
    public string DatabasePath { get; }

    /// <summary>Opens (and tracks for disposal) a database on <see cref="DatabasePath"/>.</summary>
    public SqliteDatabase Open() => Track(SqliteDatabase.Open(DatabasePath));

    /// <summary>Tracks a database for disposal.</summary>
    public SqliteDatabase Track(SqliteDatabase database)
    {
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    /// <summary>Opens a raw connection to <see cref="DatabasePath"/>, outside the provider.</summary>
    public SqliteConnection OpenRawConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Creates the database file at schema <paramref name="version"/>, as an older Mandate left it.</summary>
    public void CreateAtVersion(int version)
    {
        using var connection = OpenRawConnection();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        SqliteMigrations.ApplyUpTo(connection, version);
    }

    /// <summary>Runs <paramref name="sql"/> on a raw connection and returns the first column of the first row.</summary>
    public object? Scalar(string sql)
    {
        using var connection = OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Disposes every database and deletes the folder.</summary>
    public void Dispose()
    {
        foreach (var database in _opened)
        {
            database.Dispose();
        }

        Directory.Delete(DirectoryPath, recursive: true);
    }
}

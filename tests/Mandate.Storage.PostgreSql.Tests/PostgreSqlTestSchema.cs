namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>A schema of its own for one test: every database opened here is disposed with it.</summary>
public sealed class PostgreSqlTestSchema(string connectionString, string name) : IDisposable
{
    private readonly List<PostgreSqlDatabase> _opened = [];

    /// <summary>A connection string whose search_path is this schema.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>The schema name.</summary>
    public string Name { get; } = name;

    /// <summary>Opens (migrating) and tracks a database on this schema, as one more node would.</summary>
    public PostgreSqlDatabase Open()
    {
        var database = PostgreSqlDatabase.OpenAsync(ConnectionString, CancellationToken.None).GetAwaiter().GetResult();
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    /// <summary>Closes every pool opened here.</summary>
    public void Dispose()
    {
        foreach (var database in _opened)
        {
            database.Dispose();
        }
    }
}

using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// <see cref="IServerSecretStore"/> over the <c>server_secrets</c> table of a <see cref="SqliteDatabase"/>.
/// Values are stored as given (callers encrypt first). First writer wins across processes.
/// </summary>
public sealed class SqliteServerSecretStore : IServerSecretStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteServerSecretStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Returns the stored bytes, or null when the name is unknown.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public async ValueTask<byte[]?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM server_secrets WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    /// <summary>Stores <paramref name="value"/> when the name is free (INSERT OR IGNORE semantics).</summary>
    /// <returns>False when a value already exists under <paramref name="name"/> (it is left unchanged).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="value"/> is null.</exception>
    public async ValueTask<bool> TryAddAsync(string name, byte[] value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO server_secrets (name, value) VALUES ($name, $value) ON CONFLICT (name) DO NOTHING;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.Add("$value", SqliteType.Blob).Value = value;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}

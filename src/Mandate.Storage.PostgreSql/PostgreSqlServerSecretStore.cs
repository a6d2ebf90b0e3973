namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="IServerSecretStore"/> over the <c>server_secrets</c> table of a <see cref="PostgreSqlDatabase"/>.
/// Values are stored as given (callers encrypt first). The first writer wins across every node.
/// </summary>
public sealed class PostgreSqlServerSecretStore : IServerSecretStore
{
    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlServerSecretStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Returns the stored bytes, or null when the name is unknown.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public async ValueTask<byte[]?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var command = _database.Command("SELECT value FROM server_secrets WHERE name = $1;").With(name);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    /// <summary>Stores <paramref name="value"/> when the name is free.</summary>
    /// <returns>False when a value already exists under <paramref name="name"/> (it is left unchanged).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="value"/> is null.</exception>
    public async ValueTask<bool> TryAddAsync(string name, byte[] value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        await using var command = _database.Command(
            "INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING;").With(name).With(value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}

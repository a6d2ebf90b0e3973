using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// <see cref="ISigningKeyStore"/> over the <c>signing_keys</c> table of a <see cref="SqliteDatabase"/>.
/// Thread-safe; safe across processes sharing the file.
/// </summary>
public sealed class SqliteSigningKeyStore : ISigningKeyStore
{
    private const string Columns =
        "key_id, algorithm, state, public_jwk, encrypted_private_key, created_at, activated_at, retired_at";

    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteSigningKeyStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Lists every key ordered by creation time, then by insertion order; times are UTC.</summary>
    public async ValueTask<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM signing_keys ORDER BY created_at, rowid;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<SigningKeyRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new SigningKeyRecord
            {
                KeyId = reader.GetString(0),
                Algorithm = reader.GetString(1),
                State = (SigningKeyState)reader.GetInt64(2),
                PublicJwk = reader.GetString(3),
                EncryptedPrivateKey = (byte[])reader.GetValue(4),
                CreatedAt = SqliteValues.ParseTime(reader.GetString(5)),
                ActivatedAt = reader.IsDBNull(6) ? null : SqliteValues.ParseTime(reader.GetString(6)),
                RetiredAt = reader.IsDBNull(7) ? null : SqliteValues.ParseTime(reader.GetString(7)),
            });
        }

        return keys;
    }

    /// <summary>Adds a key.</summary>
    /// <exception cref="InvalidOperationException">A key with the same <see cref="SigningKeyRecord.KeyId"/> exists.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public async ValueTask AddAsync(SigningKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"INSERT INTO signing_keys ({Columns}) VALUES ($key_id, $algorithm, $state, $public_jwk, " +
            "$encrypted_private_key, $created_at, $activated_at, $retired_at) ON CONFLICT (key_id) DO NOTHING;";
        Bind(command, key);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new InvalidOperationException($"A signing key with id '{key.KeyId}' already exists.");
        }
    }

    /// <summary>Replaces the stored key with the same id.</summary>
    /// <returns>False when no such key exists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public async ValueTask<bool> UpdateAsync(SigningKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "UPDATE signing_keys SET algorithm = $algorithm, state = $state, public_jwk = $public_jwk, " +
            "encrypted_private_key = $encrypted_private_key, created_at = $created_at, " +
            "activated_at = $activated_at, retired_at = $retired_at WHERE key_id = $key_id;";
        Bind(command, key);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <remarks>One <c>BEGIN IMMEDIATE</c> transaction: the write lock is taken before the condition is read, so two
    /// processes sharing the file cannot both add a key.</remarks>
    public async ValueTask<bool> TryAddPendingAsync(SigningKeyRecord key, string expectedActiveKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(expectedActiveKeyId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO signing_keys ({Columns}) SELECT $key_id, $algorithm, $state, $public_jwk, " +
            "$encrypted_private_key, $created_at, $activated_at, $retired_at " +
            "WHERE EXISTS (SELECT 1 FROM signing_keys WHERE key_id = $expected AND state = $active) " +
            "AND NOT EXISTS (SELECT 1 FROM signing_keys WHERE state = $pending OR (state = $active AND key_id <> $expected)) " +
            "AND NOT EXISTS (SELECT 1 FROM signing_keys WHERE key_id = $key_id);";
        Bind(command, key);
        command.Parameters.AddWithValue("$expected", expectedActiveKeyId);
        command.Parameters.AddWithValue("$active", (long)SigningKeyState.Active);
        command.Parameters.AddWithValue("$pending", (long)SigningKeyState.Pending);
        var added = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryUpdateAsync(SigningKeyRecord key, SigningKeyState expectedState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "UPDATE signing_keys SET algorithm = $algorithm, state = $state, public_jwk = $public_jwk, " +
            "encrypted_private_key = $encrypted_private_key, created_at = $created_at, " +
            "activated_at = $activated_at, retired_at = $retired_at WHERE key_id = $key_id AND state = $expected_state;";
        Bind(command, key);
        command.Parameters.AddWithValue("$expected_state", (long)expectedState);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static void Bind(SqliteCommand command, SigningKeyRecord key)
    {
        var p = command.Parameters;
        p.AddWithValue("$key_id", key.KeyId);
        p.AddWithValue("$algorithm", key.Algorithm);
        p.AddWithValue("$state", (long)key.State);
        p.AddWithValue("$public_jwk", key.PublicJwk);
        p.Add("$encrypted_private_key", SqliteType.Blob).Value = key.EncryptedPrivateKey;
        p.AddWithValue("$created_at", SqliteValues.ToText(key.CreatedAt));
        p.AddWithValue("$activated_at", SqliteValues.ToDbValue(key.ActivatedAt));
        p.AddWithValue("$retired_at", SqliteValues.ToDbValue(key.RetiredAt));
    }
}

using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="ISigningKeyStore"/> over the <c>signing_keys</c> table of a <see cref="PostgreSqlDatabase"/>.
/// Thread-safe; the compare-and-swap methods are atomic across every node sharing the database.
/// </summary>
public sealed class PostgreSqlSigningKeyStore : ISigningKeyStore
{
    private const string Columns =
        "key_id, algorithm, state, public_jwk, encrypted_private_key, created_at, activated_at, retired_at";

    private const string SetColumns =
        "algorithm = $2, state = $3, public_jwk = $4, encrypted_private_key = $5, created_at = $6, " +
        "activated_at = $7, retired_at = $8";

    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlSigningKeyStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Lists every key ordered by creation time, then by insertion order; times are UTC.</summary>
    public async ValueTask<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = _database.Command($"SELECT {Columns} FROM signing_keys ORDER BY created_at, seq;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<SigningKeyRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new SigningKeyRecord
            {
                KeyId = reader.GetString(0),
                Algorithm = reader.GetString(1),
                State = (SigningKeyState)reader.GetInt32(2),
                PublicJwk = reader.GetString(3),
                EncryptedPrivateKey = reader.GetFieldValue<byte[]>(4),
                CreatedAt = PostgreSqlValues.FromTicks(reader.GetInt64(5)),
                ActivatedAt = PostgreSqlValues.ReadTime(reader, 6),
                RetiredAt = PostgreSqlValues.ReadTime(reader, 7),
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
        await using var command = Bind(_database.Command(
            $"INSERT INTO signing_keys ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key_id) DO NOTHING;"), key);
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
        await using var command = Bind(_database.Command($"UPDATE signing_keys SET {SetColumns} WHERE key_id = $1;"), key);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction that first takes <c>LOCK TABLE signing_keys IN EXCLUSIVE MODE</c>: readers (the JWKS, the
    /// key ring) go on, but every other writer, on any node, waits until the condition has been checked and the
    /// key added, so of two nodes rotating away from the same active key exactly one adds its pending key.
    /// </remarks>
    public async ValueTask<bool> TryAddPendingAsync(SigningKeyRecord key, string expectedActiveKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(expectedActiveKeyId);
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE signing_keys IN EXCLUSIVE MODE;", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = Bind(new NpgsqlCommand(
            $"INSERT INTO signing_keys ({Columns}) SELECT $1, $2, $3, $4, $5, $6, $7, $8 " +
            "WHERE EXISTS (SELECT 1 FROM signing_keys WHERE key_id = $9 AND state = $10) " +
            "AND NOT EXISTS (SELECT 1 FROM signing_keys WHERE state = $11 OR (state = $10 AND key_id <> $9)) " +
            "AND NOT EXISTS (SELECT 1 FROM signing_keys WHERE key_id = $1);", connection, transaction), key)
            .With(expectedActiveKeyId)
            .With((int)SigningKeyState.Active)
            .With((int)SigningKeyState.Pending);
        var added = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <inheritdoc />
    /// <remarks>One statement: PostgreSQL re-checks the state on the locked row, so the swap is atomic.</remarks>
    public async ValueTask<bool> TryUpdateAsync(SigningKeyRecord key, SigningKeyState expectedState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var command = Bind(_database.Command(
            $"UPDATE signing_keys SET {SetColumns} WHERE key_id = $1 AND state = $9;"), key).With((int)expectedState);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static NpgsqlCommand Bind(NpgsqlCommand command, SigningKeyRecord key) => command
        .With(key.KeyId)
        .With(key.Algorithm)
        .With((int)key.State)
        .With(key.PublicJwk)
        .With(key.EncryptedPrivateKey)
        .With(PostgreSqlValues.ToTicks(key.CreatedAt))
        .WithTime(key.ActivatedAt)
        .WithTime(key.RetiredAt);
}

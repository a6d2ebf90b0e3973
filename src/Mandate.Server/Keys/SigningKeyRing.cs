// The server's signing keys (architecture §2, STYLE §12). The active private key and the published JWKS
// live in an immutable in-memory snapshot, so issuing a token or serving /jwks reads no store. Private
// keys are persisted only encrypted (KeyProtector, AAD = kid). Lifecycle: Pending -> Active -> Retired -> Removed,
// or Revoked in an emergency; the JWKS publishes Pending, Active and Retired keys (never Revoked or Removed).
// The schedule (propagation and retention windows) is KeyRotationService's.
// TODO(v1.1): reload for multi-node, #6
using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Storage;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.Keys;

internal sealed class SigningKeyRing(ISigningKeyStore store, KeyProtector protector, TimeProvider timeProvider, ILogger<SigningKeyRing> logger) : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, SigningKey> _privateKeys = new(StringComparer.Ordinal);
    private volatile KeyRingSnapshot? _snapshot;

    /// <summary>The key that signs new tokens. Throws when <see cref="InitializeAsync"/> has not run.</summary>
    public SigningKey ActiveKey => Snapshot.Active;

    /// <summary>The current snapshot: active key, public JWKS bytes and verification keys.</summary>
    public KeyRingSnapshot Snapshot => _snapshot ?? throw new InvalidOperationException("MND0010: signing keys are not initialized; the server's start-up did not run.");

    /// <summary>Loads the stored keys; generates and activates an ES256 key when none is active.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            if (FindActive(records) is null)
            {
                using var generated = SigningKey.Generate(SignatureAlgorithm.ES256);
                await store.AddAsync(ToRecord(generated, SigningKeyState.Active), cancellationToken).ConfigureAwait(false);
                Log.SigningKeyGenerated(logger, generated.KeyId, generated.Algorithm.Name);
            }

            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public ValueTask<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>Stores an operator's private key (already validated by <see cref="SigningKeyImport"/>), optionally activating it.</summary>
    /// <returns>The stored record, or null when a key with the same kid exists.</returns>
    public async Task<SigningKeyRecord?> ImportAsync(SigningKey key, bool activate, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var existing in records)
            {
                if (existing.KeyId == key.KeyId)
                {
                    return null;
                }
            }

            var record = ToRecord(key, SigningKeyState.Pending);
            await store.AddAsync(record, cancellationToken).ConfigureAwait(false);
            Log.SigningKeyImported(logger, key.KeyId, key.Algorithm.Name, activate ? "active" : "pending");
            if (activate)
            {
                record = await ActivateCoreAsync(record, records, cancellationToken).ConfigureAwait(false);
            }

            await ReloadAsync(cancellationToken).ConfigureAwait(false);
            return record;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Makes a pending or retired key active; the previous active key becomes retired. False for an unknown or revoked kid.</summary>
    public Task<bool> ActivateAsync(string keyId, CancellationToken cancellationToken) => ChangeKeyAsync(
        keyId,
        static state => state is not (SigningKeyState.Revoked or SigningKeyState.Removed),
        (target, records) => ActivateCoreAsync(target, records, cancellationToken),
        cancellationToken);

    /// <summary>Retires a key; it stays published so its tokens keep verifying. The active key cannot be retired this way (activate another first).</summary>
    public Task<bool> RetireAsync(string keyId, CancellationToken cancellationToken) => ChangeKeyAsync(
        keyId,
        static state => state is not (SigningKeyState.Active or SigningKeyState.Revoked),
        async (target, _) =>
        {
            await store.UpdateAsync(target with { State = SigningKeyState.Retired, RetiredAt = target.RetiredAt ?? timeProvider.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            Log.SigningKeyRetired(logger, keyId);
        },
        cancellationToken);

    /// <summary>Generates a pending key with the active key's algorithm: published at once, signing nothing until activated.</summary>
    public async Task<SigningKeyRecord> AddPendingAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var generated = SigningKey.Generate(ActiveKey.Algorithm);
            var record = ToRecord(generated, SigningKeyState.Pending);
            await store.AddAsync(record, cancellationToken).ConfigureAwait(false);
            Log.SigningKeyGenerated(logger, generated.KeyId, generated.Algorithm.Name);
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
            return record;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Stops publishing a retired key whose tokens have all expired. False unless the key is retired.</summary>
    public Task<bool> RemoveAsync(string keyId, CancellationToken cancellationToken) => ChangeKeyAsync(
        keyId,
        static state => state == SigningKeyState.Retired,
        (target, _) => store.UpdateAsync(target with { State = SigningKeyState.Removed }, cancellationToken).AsTask(),
        cancellationToken);

    /// <summary>
    /// Emergency revocation: the key is unpublished at once. When it was the active key, a new key of the same
    /// algorithm becomes active immediately (no propagation window: resource servers fetch an unknown kid once).
    /// </summary>
    /// <returns>False for an unknown, already revoked or removed kid.</returns>
    public Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken) => ChangeKeyAsync(
        keyId,
        static state => state is not (SigningKeyState.Revoked or SigningKeyState.Removed),
        async (target, records) =>
        {
            if (target.State == SigningKeyState.Active)
            {
                using var replacement = SigningKey.Generate(ActiveKey.Algorithm);
                var record = ToRecord(replacement, SigningKeyState.Pending);
                await store.AddAsync(record, cancellationToken).ConfigureAwait(false);
                await ActivateCoreAsync(record, records, cancellationToken).ConfigureAwait(false);
            }

            await store.UpdateAsync(target with { State = SigningKeyState.Revoked, RetiredAt = target.RetiredAt ?? timeProvider.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        },
        cancellationToken);

    // Every state change of one existing key: under the write lock, read the keys, check the target's state,
    // apply the change, reload the in-memory ring. False for an unknown kid or a state the change does not allow.
    private async Task<bool> ChangeKeyAsync(
        string keyId,
        Func<SigningKeyState, bool> allowed,
        Func<SigningKeyRecord, IReadOnlyList<SigningKeyRecord>, Task> change,
        CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            var target = Find(records, keyId);
            if (target is null || !allowed(target.State))
            {
                return false;
            }

            await change(target, records).ConfigureAwait(false);
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        foreach (var key in _privateKeys.Values)
        {
            key.Dispose();
        }

        _writeLock.Dispose();
    }

    private async Task<SigningKeyRecord> ActivateCoreAsync(SigningKeyRecord target, IReadOnlyList<SigningKeyRecord> records, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        string? previous = null;
        foreach (var record in records)
        {
            if (record.State == SigningKeyState.Active && record.KeyId != target.KeyId)
            {
                previous = record.KeyId;
                await store.UpdateAsync(record with { State = SigningKeyState.Retired, RetiredAt = now }, cancellationToken).ConfigureAwait(false);
            }
        }

        var activated = target with { State = SigningKeyState.Active, ActivatedAt = now, RetiredAt = null };
        await store.UpdateAsync(activated, cancellationToken).ConfigureAwait(false);
        Log.SigningKeyActivated(logger, target.KeyId, previous);
        return activated;
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var records = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var active = FindActive(records) ?? throw new InvalidOperationException("MND0011: no active signing key is stored.");
        var published = new List<JsonWebKey>(records.Count);
        foreach (var record in records)
        {
            if (record.State is not SigningKeyState.Revoked and not SigningKeyState.Removed
                && JsonWebKey.TryParse(Encoding.UTF8.GetBytes(record.PublicJwk), out var jwk, out _) && jwk is not null)
            {
                published.Add(jwk.HasPrivateKey ? jwk.ToPublic() : jwk);
            }
        }

        _snapshot = new KeyRingSnapshot(LoadPrivateKey(active), published);
    }

    private SigningKey LoadPrivateKey(SigningKeyRecord record)
    {
        if (_privateKeys.TryGetValue(record.KeyId, out var cached))
        {
            return cached;
        }

        if (!protector.TryUnprotect(record.EncryptedPrivateKey, record.KeyId, out var json))
        {
            Log.SigningKeyDecryptionFailed(logger, record.KeyId);
            throw new InvalidOperationException($"MND0012: the active signing key {record.KeyId} cannot be decrypted; is the key-encryption key the one it was stored with?");
        }

        try
        {
            if (!JsonWebKey.TryParse(json, out var jwk, out _) || jwk is null || !SignatureAlgorithm.TryGet(record.Algorithm, out var algorithm))
            {
                throw new InvalidOperationException($"MND0012: the stored signing key {record.KeyId} is malformed.");
            }

            var key = SigningKey.FromJwk(jwk, algorithm);
            _privateKeys[record.KeyId] = key;
            return key;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(json);
        }
    }

    private SigningKeyRecord ToRecord(SigningKey key, SigningKeyState state)
    {
        var now = timeProvider.GetUtcNow();
        var privateJson = Encoding.UTF8.GetBytes(key.ExportPrivateJwk().ToJson());
        try
        {
            return new SigningKeyRecord
            {
                KeyId = key.KeyId,
                Algorithm = key.Algorithm.Name,
                State = state,
                PublicJwk = key.PublicJwk.ToJson(),
                EncryptedPrivateKey = protector.Protect(privateJson, key.KeyId),
                CreatedAt = now,
                ActivatedAt = state == SigningKeyState.Active ? now : null,
            };
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(privateJson);
        }
    }

    private static SigningKeyRecord? Find(IReadOnlyList<SigningKeyRecord> records, string keyId)
    {
        foreach (var record in records)
        {
            if (record.KeyId == keyId)
            {
                return record;
            }
        }

        return null;
    }

    // Two nodes starting at once may both activate a key; the most recently activated one wins.
    private static SigningKeyRecord? FindActive(IReadOnlyList<SigningKeyRecord> records)
    {
        SigningKeyRecord? active = null;
        foreach (var record in records)
        {
            if (record.State == SigningKeyState.Active && (active is null || record.ActivatedAt > active.ActivatedAt))
            {
                active = record;
            }
        }

        return active;
    }
}

// The server's signing keys (architecture §2, STYLE §12). The active private key and the published JWKS
// live in an immutable in-memory snapshot, so issuing a token or serving /jwks reads no store. Private
// keys are persisted only encrypted (KeyProtector, AAD = kid). Lifecycle: Pending -> Active -> Retired -> Removed,
// or Revoked in an emergency; the JWKS publishes Pending, Active and Retired keys (never Revoked or Removed).
// The schedule (propagation and retention windows) is KeyRotationService's.
// Several servers sharing one store: every change is written to the store first; RefreshAsync (KeyRingFollower,
// every StorePollInterval) rebuilds the snapshot when another server changed the keys. The scheduler's decisions
// are compare-and-swaps in the store (TryRotateFromAsync, ActivatePendingAsync), so two servers never both rotate.
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
    private string? _fingerprint;

    /// <summary>The key that signs new tokens. Throws when <see cref="InitializeAsync"/> has not run.</summary>
    public SigningKey ActiveKey => Snapshot.Active;

    /// <summary>The current snapshot: active key, public JWKS bytes and verification keys.</summary>
    public KeyRingSnapshot Snapshot => _snapshot ?? throw new InvalidOperationException("MND0850: signing keys are not initialized; the server's start-up did not run.");

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

    /// <summary>The scheduler's rotation: generates a pending key only when <paramref name="expectedActiveKeyId"/> is
    /// still the only active key and no key is pending, decided atomically by the store.</summary>
    /// <returns>The new pending key, or null when this or another server already rotated away from the expected key.</returns>
    public async Task<SigningKeyRecord?> TryRotateFromAsync(string expectedActiveKeyId, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var generated = SigningKey.Generate(ActiveKey.Algorithm);
            var record = ToRecord(generated, SigningKeyState.Pending);
            var added = await store.TryAddPendingAsync(record, expectedActiveKeyId, cancellationToken).ConfigureAwait(false);
            if (added)
            {
                Log.SigningKeyGenerated(logger, generated.KeyId, generated.Algorithm.Name);
            }
            else
            {
                Log.KeyRotationLost(logger, expectedActiveKeyId);
            }

            await ReloadAsync(cancellationToken).ConfigureAwait(false);
            return added ? record : null;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The scheduler's activation: makes <paramref name="keyId"/> active only while it is still pending
    /// (compare-and-swap in the store), then retires the previously active keys.</summary>
    /// <returns>False when the key is no longer pending (e.g. another server activated it first).</returns>
    public async Task<bool> ActivatePendingAsync(string keyId, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            var target = Find(records, keyId);
            if (target is not { State: SigningKeyState.Pending })
            {
                return false;
            }

            var activated = target with { State = SigningKeyState.Active, ActivatedAt = timeProvider.GetUtcNow(), RetiredAt = null };
            if (!await store.TryUpdateAsync(activated, SigningKeyState.Pending, cancellationToken).ConfigureAwait(false))
            {
                await ReloadAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            var previous = await RetireOthersAsync(activated, records, cancellationToken).ConfigureAwait(false);
            Log.SigningKeyActivated(logger, keyId, previous);
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Retires an active key that is not the newest active one (two servers that started on an empty store at
    /// once both activated a key). False when <paramref name="keyId"/> is not active or is the newest active key.</summary>
    public Task<bool> RetireStaleActiveAsync(string keyId, CancellationToken cancellationToken) => ChangeKeyAsync(
        keyId,
        static state => state == SigningKeyState.Active,
        async (target, records) =>
        {
            if (FindActive(records) is { } newest && newest.KeyId != target.KeyId)
            {
                await store.TryUpdateAsync(target with { State = SigningKeyState.Retired, RetiredAt = timeProvider.GetUtcNow() }, SigningKeyState.Active, cancellationToken).ConfigureAwait(false);
                Log.SigningKeyRetired(logger, target.KeyId);
            }
        },
        cancellationToken);

    /// <summary>Stops publishing a retired key whose tokens have all expired. False unless the key is retired (also when
    /// another server removed it first).</summary>
    public async Task<bool> RemoveAsync(string keyId, CancellationToken cancellationToken)
    {
        var removed = false;
        await ChangeKeyAsync(
            keyId,
            static state => state == SigningKeyState.Retired,
            async (target, _) => removed = await store.TryUpdateAsync(target with { State = SigningKeyState.Removed }, SigningKeyState.Retired, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Re-reads the keys and swaps the snapshot when another server sharing the store changed them.</summary>
    /// <returns>True when the snapshot changed.</returns>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = _snapshot;
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(before, _snapshot) && before is not null && before.Active.KeyId != ActiveKey.KeyId)
            {
                Log.SigningKeysReloaded(logger, ActiveKey.KeyId);
            }

            return !ReferenceEquals(before, _snapshot);
        }
        finally
        {
            _writeLock.Release();
        }
    }

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

    // The new key becomes active before the old one is retired, so a server reading the store in between sees two
    // active keys (the newest wins, FindActive) and never none.
    private async Task<SigningKeyRecord> ActivateCoreAsync(SigningKeyRecord target, IReadOnlyList<SigningKeyRecord> records, CancellationToken cancellationToken)
    {
        var activated = target with { State = SigningKeyState.Active, ActivatedAt = timeProvider.GetUtcNow(), RetiredAt = null };
        await store.UpdateAsync(activated, cancellationToken).ConfigureAwait(false);
        var previous = await RetireOthersAsync(activated, records, cancellationToken).ConfigureAwait(false);
        Log.SigningKeyActivated(logger, target.KeyId, previous);
        return activated;
    }

    private async Task<string?> RetireOthersAsync(SigningKeyRecord activated, IReadOnlyList<SigningKeyRecord> records, CancellationToken cancellationToken)
    {
        string? previous = null;
        foreach (var record in records)
        {
            if (record.State == SigningKeyState.Active && record.KeyId != activated.KeyId)
            {
                previous = record.KeyId;
                await store.TryUpdateAsync(record with { State = SigningKeyState.Retired, RetiredAt = activated.ActivatedAt }, SigningKeyState.Active, cancellationToken).ConfigureAwait(false);
            }
        }

        return previous;
    }

    // Rebuilds the snapshot when the stored keys differ from the ones it was built from (kid, state, activation).
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var records = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var fingerprint = Fingerprint(records);
        if (_snapshot is not null && fingerprint == _fingerprint)
        {
            return;
        }

        var active = FindActive(records);
        if (active is null)
        {
            if (_snapshot is null)
            {
                throw new InvalidOperationException("MND0851: no active signing key is stored.");
            }

            // Another server is between two writes; keep the current snapshot and read again next time.
            Log.NoActiveSigningKeyStored(logger, _snapshot.Active.KeyId);
            return;
        }

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
        _fingerprint = fingerprint;
    }

    private static string Fingerprint(IReadOnlyList<SigningKeyRecord> records)
    {
        var builder = new StringBuilder(records.Count * 48);
        foreach (var record in records)
        {
            builder.Append(record.KeyId).Append(':').Append((int)record.State).Append(':')
                .Append(record.ActivatedAt?.UtcTicks ?? 0).Append(';');
        }

        return builder.ToString();
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
            throw new InvalidOperationException($"MND0852: the active signing key {record.KeyId} cannot be decrypted; is the key-encryption key the one it was stored with?");
        }

        try
        {
            if (!JsonWebKey.TryParse(json, out var jwk, out _) || jwk is null || !SignatureAlgorithm.TryGet(record.Algorithm, out var algorithm))
            {
                throw new InvalidOperationException($"MND0853: the stored signing key {record.KeyId} is malformed.");
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

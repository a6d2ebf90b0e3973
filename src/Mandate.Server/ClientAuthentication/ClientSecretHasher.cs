// Client secrets are stored only as HMAC-SHA256(secret-hash key, UTF-8 secret). The secret-hash key is
// 32 random bytes created at first start and kept in IServerSecretStore encrypted under the KEK, so a
// stolen database alone does not allow offline guessing. Secrets carry 256 random bits, so a fast keyed
// hash is enough (no password KDF needed) and keeps the token hot path cheap.
using System.Security.Cryptography;
using System.Text;
using Mandate.Server.Keys;
using Mandate.Storage;
using Microsoft.Extensions.ObjectPool;

namespace Mandate.Server.ClientAuthentication;

internal sealed class ClientSecretHasher(IServerSecretStore secrets, KeyProtector protector)
{
    internal const string SecretName = "secret-hash-key";
    private const int HashSize = 32;
    private const int MaxSecretBytes = 512;

    // HMACSHA256.HashData looks the MAC up in OpenSSL's provider store (under a lock) on every call; a reused
    // IncrementalHash keeps its initialised context. One instance per concurrent caller, taken and put back.
    private ObjectPool<IncrementalHash>? _macs;

    /// <summary>Loads or creates the secret-hash key. First writer wins across nodes.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var stored = await secrets.GetAsync(SecretName, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            var key = RandomNumberGenerator.GetBytes(32);
            if (await secrets.TryAddAsync(SecretName, protector.Protect(key, SecretName), cancellationToken).ConfigureAwait(false))
            {
                UseKey(key);
                return;
            }

            stored = await secrets.GetAsync(SecretName, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("MND0854: the secret-hash key vanished while it was being created.");
        }

        UseKey(protector.TryUnprotect(stored, SecretName, out var plaintext)
            ? plaintext
            : throw new InvalidOperationException("MND0855: the secret-hash key cannot be decrypted; is the key-encryption key the one it was stored with?"));
    }

    /// <summary>Returns the keyed hash of <paramref name="secret"/>.</summary>
    public byte[] Hash(string secret)
    {
        var hash = new byte[HashSize];
        ComputeHash(secret, hash);
        return hash;
    }

    /// <summary>
    /// Compares in constant time. With <paramref name="expected"/> null (unknown client, or a key-only
    /// agent) the hash is still computed, so the timing does not reveal whether the client exists.
    /// </summary>
    public bool Verify(string secret, byte[]? expected)
    {
        Span<byte> actual = stackalloc byte[HashSize];
        ComputeHash(secret, actual);
        return expected is { Length: HashSize } && CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private void ComputeHash(string secret, Span<byte> destination)
    {
        var macs = _macs ?? throw new InvalidOperationException("MND0856: the secret-hash key is not initialized; the server's start-up did not run.");
        var byteCount = Encoding.UTF8.GetByteCount(secret);
        if (byteCount > MaxSecretBytes)
        {
            // Longer than any secret Mandate issues, so it cannot match; hash a fixed input so the work stays
            // bounded. Issued secrets are never empty, so this hash never equals a stored one.
            Mac(macs, ReadOnlySpan<byte>.Empty, destination);
            return;
        }

        Span<byte> utf8 = stackalloc byte[MaxSecretBytes];
        var written = Encoding.UTF8.GetBytes(secret, utf8);
        Mac(macs, utf8[..written], destination);
        CryptographicOperations.ZeroMemory(utf8[..written]);
    }

    private void UseKey(byte[] key) => _macs = new DefaultObjectPoolProvider().Create(new HmacPolicy(key));

    private static void Mac(ObjectPool<IncrementalHash> macs, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var mac = macs.Get();
        mac.AppendData(data);
        mac.GetHashAndReset(destination);
        macs.Return(mac);
    }

    private sealed class HmacPolicy(byte[] key) : PooledObjectPolicy<IncrementalHash>
    {
        public override IncrementalHash Create() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

        public override bool Return(IncrementalHash obj) => true;
    }
}

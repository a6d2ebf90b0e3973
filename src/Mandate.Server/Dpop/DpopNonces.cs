// RFC 9449 §8: server-provided nonces. Stateless and shared by every node on one store: a nonce is
// base64url(period || HMAC-SHA256(key, "dpop-nonce" || period)[0..16]), where period = now / NonceLifetime
// and the 32-byte key lives in IServerSecretStore encrypted under the KEK (first writer wins, as for the
// secret-hash key). A nonce is accepted in its period and the next, so it stays usable for at least one
// full NonceLifetime; any node can check it without a lookup.
using System.Buffers.Binary;
using System.Security.Cryptography;
using Mandate.Jose;
using Mandate.Server.Keys;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Dpop;

internal sealed class DpopNonces(IServerSecretStore secrets, KeyProtector protector, TimeProvider timeProvider, IOptions<DpopOptions> options) : IDisposable
{
    internal const string SecretName = "dpop-nonce-key";
    private const int MacSize = 16;
    private readonly long _periodTicks = options.Value.NonceLifetime.Ticks;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile byte[]? _key;

    /// <summary>The nonce of the current period.</summary>
    public async ValueTask<string> CurrentAsync(CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken).ConfigureAwait(false);
        return Encode(key, Period());
    }

    /// <summary>Whether <paramref name="nonce"/> was issued by a node of this store in the current or the previous period.</summary>
    public async ValueTask<bool> IsValidAsync(string nonce, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken).ConfigureAwait(false);
        return Verify(key, nonce, Period());
    }

    private static bool Verify(byte[] key, string nonce, long current)
    {
        Span<byte> raw = stackalloc byte[8 + MacSize];
        if (nonce.Length != Base64Url.GetEncodedLength(raw.Length)
            || !System.Buffers.Text.Base64Url.TryDecodeFromChars(nonce, raw, out var written) || written != raw.Length)
        {
            return false;
        }

        var period = BinaryPrimitives.ReadInt64BigEndian(raw);
        if (period != current && period != current - 1)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        Mac(key, period, expected);
        return CryptographicOperations.FixedTimeEquals(expected, raw[8..]);
    }

    public void Dispose() => _gate.Dispose();

    private long Period() => timeProvider.GetUtcNow().UtcTicks / _periodTicks;

    private static string Encode(byte[] key, long period)
    {
        Span<byte> raw = stackalloc byte[8 + MacSize];
        BinaryPrimitives.WriteInt64BigEndian(raw, period);
        Mac(key, period, raw[8..]);
        return Base64Url.Encode(raw);
    }

    private static void Mac(byte[] key, long period, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[18];
        "dpop-nonce"u8.CopyTo(input);
        BinaryPrimitives.WriteInt64BigEndian(input[10..], period);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, input, mac);
        mac[..MacSize].CopyTo(destination);
    }

    private async ValueTask<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } key)
        {
            return key;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _key ??= await LoadOrCreateAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        var stored = await secrets.GetAsync(SecretName, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            if (await secrets.TryAddAsync(SecretName, protector.Protect(fresh, SecretName), cancellationToken).ConfigureAwait(false))
            {
                return fresh;
            }

            stored = await secrets.GetAsync(SecretName, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("MND0555: the DPoP nonce key vanished while it was being created.");
        }

        return protector.TryUnprotect(stored, SecretName, out var plaintext)
            ? plaintext
            : throw new InvalidOperationException("MND0555: the DPoP nonce key cannot be decrypted; is the key-encryption key the one it was stored with?");
    }
}

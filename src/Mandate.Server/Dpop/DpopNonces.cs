// RFC 9449 §8: server-provided nonces (Mandate.Protocol.Dpop.DpopNonce), shared by every node on one store: the
// 32-byte key lives in IServerSecretStore encrypted under the KEK (first writer wins, as for the secret-hash key),
// so any node can check a nonce another node issued without a lookup.
using System.Security.Cryptography;
using Mandate.Protocol.Dpop;
using Mandate.Server.Keys;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Dpop;

internal sealed class DpopNonces(IServerSecretStore secrets, KeyProtector protector, TimeProvider timeProvider, IOptions<DpopOptions> options) : IDisposable
{
    internal const string SecretName = "dpop-nonce-key";
    private readonly TimeSpan _lifetime = options.Value.NonceLifetime;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile byte[]? _key;

    /// <summary>The nonce of the current period.</summary>
    public async ValueTask<string> CurrentAsync(CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken).ConfigureAwait(false);
        return DpopNonce.Create(key, timeProvider.GetUtcNow(), _lifetime);
    }

    /// <summary>Whether <paramref name="nonce"/> was issued by a node of this store in the current or the previous period.</summary>
    public async ValueTask<bool> IsValidAsync(string nonce, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken).ConfigureAwait(false);
        return DpopNonce.IsValid(key, nonce, timeProvider.GetUtcNow(), _lifetime);
    }

    public void Dispose() => _gate.Dispose();

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

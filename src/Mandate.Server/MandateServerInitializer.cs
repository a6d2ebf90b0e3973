// Start-up work that must finish before the first request: the secret-hash key, the signing keys and
// the bootstrap admin. Registered as a hosted service, which WebApplication starts before Kestrel.
using Mandate.Server.Admin;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.Keys;
using Mandate.Server.Revocation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server;

internal sealed class MandateServerInitializer(
    ClientSecretHasher hasher,
    SigningKeyRing keys,
    AdminBootstrapper bootstrapper,
    RevocationList revocations,
    KeyAudit keyAudit,
    KeyEncryptionKeyProvider keyEncryptionKey,
    KeyProtector protector,
    Fapi2.Fapi2Profile fapi2,
    IOptions<MandateServerOptions> options,
    ILogger<MandateServerInitializer> logger) : IHostedService
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _initialized;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _once.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var issuer = new Uri(options.Value.Issuer!);
            if (issuer.Scheme == Uri.UriSchemeHttp && !MandateServerOptionsValidator.IsLoopback(issuer))
            {
                Log.InsecureHttpIssuer(logger, options.Value.Issuer!);
            }

            var storedKeys = await keys.ListAsync(cancellationToken).ConfigureAwait(false);
            if (storedKeys.Count > 0 && keyEncryptionKey.FileToGenerate is { } missing)
            {
                // A new key-encryption key would not decrypt the stored keys; never write one beside them.
                throw new InvalidOperationException(
                    $"MND0700: {missing} is missing, but the store holds signing keys encrypted with a key-encryption key: restore that file or set {KeyEncryptionKeyProvider.EnvironmentKey}.");
            }

            EnsureKeyEncryptionKeyDecrypts(storedKeys);

            await hasher.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var hadActiveKey = storedKeys.Any(static k => k.State == Storage.SigningKeyState.Active);
            await keys.InitializeAsync(cancellationToken).ConfigureAwait(false);
            // FAPI 2.0 Security Profile §5.4.1: the server's own tokens are signed with PS256 or ES256 only.
            if (!fapi2.Allows(keys.ActiveKey.Algorithm.Name))
            {
                throw new InvalidOperationException(
                    $"MND1452: Fapi2:Enabled needs the active signing key to be ES256 or PS256, but it is {keys.ActiveKey.Algorithm.Name}: import and activate an ES256 or PS256 key first (mandate key import).");
            }

            if (!hadActiveKey)
            {
                // Needs the audit writer running: it is the first hosted service (see AddMandateServer).
                await keyAudit.WriteAsync(keys.ActiveKey.KeyId, "generated and activated at start-up", cancellationToken).ConfigureAwait(false);
            }
            await bootstrapper.BootstrapAsync(cancellationToken).ConfigureAwait(false);
            await revocations.InitializeAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _once.Release();
        }
    }

    // Several nodes share one store (PostgreSQL) and so must share one key-encryption key. A node given another key
    // stops here, before it writes anything (a secret-hash key, a signing key) that only it could decrypt.
    private void EnsureKeyEncryptionKeyDecrypts(IReadOnlyList<Storage.SigningKeyRecord> storedKeys)
    {
        if (storedKeys.Count == 0)
        {
            return;
        }

        var probe = storedKeys.FirstOrDefault(static k => k.State == Storage.SigningKeyState.Active) ?? storedKeys[0];
        if (!protector.TryUnprotect(probe.EncryptedPrivateKey, probe.KeyId, out var plaintext))
        {
            throw new InvalidOperationException(
                $"MND1100: the key-encryption key does not decrypt the signing keys in the store; every node sharing a store must be given the same key-encryption key ({KeyEncryptionKeyProvider.EnvironmentKey}).");
        }

        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
    }

    public Task StartAsync(CancellationToken cancellationToken) => InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

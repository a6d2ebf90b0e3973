// Several servers sharing one store: every StorePollInterval this re-reads the signing keys (a handful of rows) and
// swaps the ring's snapshot when another server added, activated, retired, removed or revoked a key, so this
// server's /jwks publishes a new key and its /token signs with the newly active one within one interval.
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Keys;

internal sealed class KeyRingFollower(
    SigningKeyRing ring,
    MandateServerInitializer initializer,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<KeyRingFollower> logger,
    IStoreChangeSignal? changes = null) : StoreFollower(initializer, timeProvider, options, logger, changes)
{
    protected override StoreChangeKind Watches => StoreChangeKind.SigningKeys;

    public override Task PollOnceAsync(CancellationToken cancellationToken) => ring.RefreshAsync(cancellationToken);
}

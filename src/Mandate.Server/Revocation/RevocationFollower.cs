// Several servers sharing one store (docs/revocation.md, "Several servers on one store"): every StorePollInterval
// this reads the revocation log's head (one cheap query) and, when another server appended events, applies them
// to this server's RevocationList (so /introspect, exchange and the admin API deny them), drops the agents they
// name from AgentCache (so a suspension or decommission is honoured by this /token at once), reloads the signing
// keys after a key revocation, and wakes this server's feed streams (so its subscribers get the events too).
using Mandate.Server.Agents;
using Mandate.Server.Keys;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Revocation;

internal sealed class RevocationFollower(
    RevocationList list,
    RevocationFeedSignal signal,
    AgentCache agents,
    SigningKeyRing keys,
    MandateServerInitializer initializer,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<RevocationFollower> logger,
    IStoreChangeSignal? changes = null) : StoreFollower(initializer, timeProvider, options, logger, changes)
{
    protected override StoreChangeKind Watches => StoreChangeKind.Revocations;

    /// <summary>Catches up with the store's head once.</summary>
    public override async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var events = await list.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        if (events.Count == 0)
        {
            return;
        }

        var keyRevoked = false;
        foreach (var revocation in events)
        {
            if (revocation.Kind == RevocationKind.AgentNotBefore)
            {
                agents.Invalidate(revocation.Subject);
            }

            keyRevoked |= revocation.Kind == RevocationKind.SigningKey;
        }

        if (keyRevoked)
        {
            await keys.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        signal.Notify();
        Log.RevocationsFollowed(logger, events.Count, events[^1].Sequence);
    }
}

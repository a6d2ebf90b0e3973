// Seals the push authorization headers that an earlier version stored in plain text. Run by the push delivery
// service when it starts (and again each round until it has once succeeded); a stream changed in the meantime is
// sealed anyway by the write that changes it, and the push delivery still reads a plaintext header until then.
using Mandate.Storage;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.SharedSignals;

internal sealed class StreamSecretMigration(ISecurityEventStore store, StreamSecretProtector secrets, ILogger<StreamSecretMigration> logger)
{
    /// <summary>Re-writes, sealed, every stream whose stored configuration holds a plaintext authorization header.</summary>
    /// <returns>The number of streams re-written.</returns>
    public async Task<int> SealPlaintextHeadersAsync(CancellationToken cancellationToken)
    {
        var sealedCount = 0;
        foreach (var listed in await store.ListStreamsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            // Read again just before the write, so that a change made since the listing is not undone.
            if (await store.GetStreamAsync(listed.StreamId, cancellationToken).ConfigureAwait(false) is not { } stream)
            {
                continue;
            }

            var configuration = StreamConfiguration.FromJson(stream.Configuration);
            if (configuration.AuthorizationHeader is null)
            {
                continue;
            }

            var updated = stream with { Configuration = secrets.Seal(configuration, stream.StreamId).ToJson() };
            if (await store.UpdateStreamAsync(updated, cancellationToken).ConfigureAwait(false))
            {
                sealedCount++;
            }
        }

        if (sealedCount > 0)
        {
            SharedSignalsLog.HeadersSealed(logger, sealedCount);
        }

        return sealedCount;
    }
}

// draft-ietf-oauth-status-list §6.1 (the status claim); indexes are random (privacy considerations: a
// sequential index would date the token and link tokens issued together). An index is
// taken in the shared store with one atomic upsert, so nodes sharing the store never give it to two live tokens, and
// it is reused only once its previous holder has been expired for longer than the clock skew.
using System.Security.Cryptography;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.StatusList;

internal sealed class StatusListAllocator(IStatusListStore store, StatusListUris uris, IOptions<StatusListOptions> options, IOptions<MandateServerOptions> server, TimeProvider timeProvider)
{
    /// <summary>Gives the token a free index. The holder fields are what revoking by token, agent and key match on.</summary>
    /// <exception cref="StatusListFullException">Every probe of every list hit a live token.</exception>
    public async ValueTask<StatusReference> AllocateAsync(string tokenId, string subject, string clientId, string keyId, long issuedAt, long expiresAt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var reusableBefore = timeProvider.GetUtcNow() - server.Value.ClockSkew;
        for (var list = 1; list <= settings.ListCount; list++)
        {
            for (var attempt = 0; attempt < settings.AllocationAttempts; attempt++)
            {
                var entry = new StatusListEntry
                {
                    ListId = list,
                    Index = RandomNumberGenerator.GetInt32(settings.ListSize),
                    TokenId = tokenId,
                    Subject = subject,
                    ClientId = clientId,
                    KeyId = keyId,
                    IssuedAt = DateTimeOffset.FromUnixTimeSeconds(issuedAt),
                    ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(expiresAt),
                };
                if (await store.TryAllocateAsync(entry, reusableBefore, cancellationToken).ConfigureAwait(false))
                {
                    return new StatusReference(list, entry.Index, uris.For(list));
                }
            }
        }

        throw new StatusListFullException();
    }
}

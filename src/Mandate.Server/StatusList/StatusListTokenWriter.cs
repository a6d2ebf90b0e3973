// draft-ietf-oauth-status-list §5.1: the Status List Token as a JWT. Header typ "statuslist+jwt", signed with the
// server's active key (the same JWKS as its access tokens); claims sub (the list's URI, equal to the uri of every
// referenced token), iat, exp, ttl (§13.7: both RECOMMENDED) and status_list {bits, lst} (§4.2), plus iss.
// The bits are read from the shared store on every call, so every node sharing the store serves the same list.
using System.Buffers;
using System.Text.Json;
using Mandate.Jose;
using Mandate.Jose.Jws;
using Mandate.Protocol;
using Mandate.Protocol.StatusList;
using Mandate.Server.Keys;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.StatusList;

internal sealed class StatusListTokenWriter(IStatusListStore store, SigningKeyRing keys, IssuerUris issuer, StatusListUris uris, IOptions<StatusListOptions> options, TimeProvider timeProvider)
{
    /// <summary>The signed Status List Token of list <paramref name="listId"/> (1-based, at most ListCount).</summary>
    public async Task<string> WriteAsync(int listId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var revoked = await store.ListRevokedAsync(listId, cancellationToken).ConfigureAwait(false);
        var compressed = StatusListBits.Compress(settings.ListSize, revoked);
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();

        var buffer = new ArrayBufferWriter<byte>(compressed.Length * 4 / 3 + 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(JwtClaimNames.Subject, uris.For(listId));
            json.WriteString(JwtClaimNames.Issuer, issuer.Issuer);
            json.WriteNumber(JwtClaimNames.IssuedAt, now);
            json.WriteNumber(JwtClaimNames.ExpirationTime, now + (long)settings.TokenLifetime.TotalSeconds);
            json.WriteNumber(StatusListNames.TimeToLive, (long)settings.TimeToLive.TotalSeconds);
            json.WriteStartObject(StatusListNames.StatusList);
            json.WriteNumber(StatusListNames.Bits, 1);
            json.WriteString(StatusListNames.List, Base64Url.Encode(compressed));
            json.WriteString(StatusListNames.AggregationUri, uris.Aggregation);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return JwsWriter.CreateCompact(keys.ActiveKey, StatusListNames.TokenType, buffer.WrittenSpan);
    }
}

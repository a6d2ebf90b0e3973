// draft-ietf-oauth-status-list §6.2 / §8.3 step 1: a token's status.status_list {idx, uri}. Only URIs under the issuer
// are followed, so a token cannot make the API fetch from a host of the sender's choosing.
using System.Text.Json;
using Mandate.Jose.Jwt;
using Mandate.Protocol.StatusList;

namespace Mandate.ResourceServer.StatusList;

internal sealed record StatusListReference(string Uri, int Index)
{
    /// <summary>Reads the reference; false when the claim is absent, malformed, or points outside <paramref name="issuer"/>.</summary>
    public static bool TryRead(JwtClaims claims, string issuer, out StatusListReference? reference)
    {
        reference = null;
        if (!claims.TryGetClaim(StatusListNames.Status, out var status) || status.ValueKind != JsonValueKind.Object
            || !status.TryGetProperty(StatusListNames.StatusList, out var list) || list.ValueKind != JsonValueKind.Object
            || !list.TryGetProperty(StatusListNames.Index, out var idx) || idx.ValueKind != JsonValueKind.Number || !idx.TryGetInt32(out var index) || index < 0
            || !list.TryGetProperty(StatusListNames.Uri, out var uri) || uri.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = uri.GetString()!;
        var prefix = issuer.TrimEnd('/') + "/";
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || !System.Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            || parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || text.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        reference = new StatusListReference(text, index);
        return true;
    }
}

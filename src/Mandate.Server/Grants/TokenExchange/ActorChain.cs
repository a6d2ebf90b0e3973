// RFC 8693 §4.1 "act" and §4.4 "may_act" as read from a validated token of this server.
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Mandate.Jose.Jwt;
using Mandate.Protocol;

namespace Mandate.Server.Grants.TokenExchange;

/// <summary>Reads the delegation chain and the <c>may_act</c> claim of a token.</summary>
internal static class ActorChain
{
    /// <summary>Deeper nesting than this is refused outright, whatever the policy (bounds parsing work).</summary>
    private const int MaxNesting = 10;

    /// <summary>The actors' <c>sub</c> values, newest (outermost) first; empty when there is no <c>act</c>.
    /// False when <c>act</c> is not an object with a string <c>sub</c> at every level, or nests too deep.</summary>
    public static bool TryRead(JwtClaims claims, [NotNullWhen(true)] out IReadOnlyList<string>? actors)
    {
        actors = null;
        var list = new List<string>();
        if (!claims.TryGetClaim(JwtClaimNames.Actor, out var current))
        {
            actors = list;
            return true;
        }

        while (true)
        {
            if (current.ValueKind != JsonValueKind.Object || list.Count == MaxNesting
                || !current.TryGetProperty(JwtClaimNames.Subject, out var sub) || sub.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(sub.GetString()))
            {
                return false;
            }

            list.Add(sub.GetString()!);
            if (!current.TryGetProperty(JwtClaimNames.Actor, out current))
            {
                actors = list;
                return true;
            }
        }
    }

    /// <summary>
    /// RFC 8693 §4.4: true when the token has no <c>may_act</c>, or when its <c>sub</c> names <paramref name="clientId"/>
    /// and its <c>iss</c>, if present, is <paramref name="issuer"/>. A malformed <c>may_act</c> permits nobody.
    /// </summary>
    public static bool MayAct(JwtClaims claims, string clientId, string issuer)
    {
        if (!claims.TryGetClaim(JwtClaimNames.MayAct, out var mayAct))
        {
            return true;
        }

        if (mayAct.ValueKind != JsonValueKind.Object
            || !mayAct.TryGetProperty(JwtClaimNames.Subject, out var sub) || sub.ValueKind != JsonValueKind.String
            || !string.Equals(sub.GetString(), clientId, StringComparison.Ordinal))
        {
            return false;
        }

        return !mayAct.TryGetProperty(JwtClaimNames.Issuer, out var iss)
            || (iss.ValueKind == JsonValueKind.String && string.Equals(iss.GetString(), issuer, StringComparison.Ordinal));
    }
}

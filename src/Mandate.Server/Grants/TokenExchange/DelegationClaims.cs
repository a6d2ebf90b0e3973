// RFC 8693 §4.1 "act" and §4.4 "may_act" as read from a validated token of this server.
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Mandate.Jose.Jwt;
using Mandate.Protocol;

namespace Mandate.Server.Grants.TokenExchange;

/// <summary>Reads the delegation chain and the <c>may_act</c> claim of a token.</summary>
internal static class DelegationClaims
{
    /// <summary>The actors' <c>sub</c> values, newest (outermost) first; empty when there is no <c>act</c>.
    /// False when <c>act</c> is malformed or deeper than <see cref="ActorChain.MaxDepth"/>.</summary>
    public static bool TryRead(JwtClaims claims, [NotNullWhen(true)] out IReadOnlyList<string>? actors)
    {
        actors = null;
        if (!claims.TryGetClaim(JwtClaimNames.Actor, out var act))
        {
            actors = [];
            return true;
        }

        if (!ActorChain.TryRead(act, out var chain))
        {
            return false;
        }

        actors = chain.Select(actor => actor.Subject).ToArray();
        return true;
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

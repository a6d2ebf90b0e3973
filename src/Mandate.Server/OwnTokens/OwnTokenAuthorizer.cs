// The surfaces this server protects with its own access tokens (the admin API, the Shared Signals API) are RFC 6750
// protected resources of this same server. They accept only access tokens issued by this server (iss), for the
// surface's audience (aud), typed at+jwt (RFC 9068 §4), carrying the route's scope, validated in-process against the
// server's own published keys (no HTTP). The token must not be revoked, and its agent must still be active, so
// suspending an agent cuts off its unexpired tokens at once.
using System.Collections.Concurrent;
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Endpoints;
using Mandate.Server.Keys;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.OwnTokens;

/// <summary>Checks an access token issued by this server for one of its own protected surfaces.</summary>
internal sealed class OwnTokenAuthorizer(SigningKeyRing keys, IssuerUris issuer, AgentCache agents, RevocationList revocations, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, JwtValidationParameters> _parameters = new(StringComparer.Ordinal);

    /// <summary>Returns the caller's client id and scopes, or the RFC 6750 error result to send.</summary>
    /// <param name="context">The request.</param>
    /// <param name="policy">The surface's audience and errors.</param>
    /// <param name="requiredScope">The route's scope (<see cref="OwnTokenPolicy.ScopeGrantingAll"/> also satisfies it).</param>
    public async ValueTask<OwnTokenAuthorization> AuthorizeAsync(HttpContext context, OwnTokenPolicy policy, string requiredScope)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return OwnTokenAuthorization.Refused(OAuthErrorResult.ForBearer(null), "no bearer token");
        }

        var result = JwtValidator.Validate(value[7..].Trim(), keys.Snapshot.VerificationKeys, ParametersFor(policy.Audience));
        if (!result.IsValid || result.Claims is not { } claims || claims.ClientId is not { } clientId)
        {
            return OwnTokenAuthorization.Refused(OAuthErrorResult.ForBearer(policy.InvalidToken), "invalid token: " + result.Error);
        }

        if (policy.RefuseSenderConstrained && claims.TryGetClaim("cnf", out _))
        {
            return OwnTokenAuthorization.Refused(OAuthErrorResult.ForBearer(policy.InvalidToken), "sender-constrained token as bearer, client_id=" + clientId);
        }

        if (claims.Scope is not { } scope || !ScopeSet.TryParse(scope, out var scopes) || !policy.Grants(scopes, requiredScope))
        {
            // RFC 6750 §3.1: insufficient_scope names the scope the request needs.
            return OwnTokenAuthorization.Refused(OAuthErrorResult.ForBearer(policy.MissingScope(requiredScope), requiredScope), "missing scope " + requiredScope + ", client_id=" + clientId);
        }

        if (revocations.IsRevoked(claims.JwtId, claims.Subject, clientId, claims.IssuedAt, result.KeyId))
        {
            return OwnTokenAuthorization.Refused(OAuthErrorResult.ForBearer(policy.InvalidToken), "revoked token, client_id=" + clientId);
        }

        var agent = await agents.FindAsync(clientId, context.RequestAborted).ConfigureAwait(false);
        if (agent is null || agent.Status != AgentStatus.Active || agent.ExpiresAt <= timeProvider.GetUtcNow())
        {
            return OwnTokenAuthorization.Refused(OAuthErrorResult.ForBearer(policy.InvalidToken), "agent inactive, client_id=" + clientId);
        }

        return new OwnTokenAuthorization(clientId, scopes, null, null);
    }

    private JwtValidationParameters ParametersFor(string audience) =>
        _parameters.TryGetValue(audience, out var parameters) ? parameters : _parameters.GetOrAdd(audience, CreateParameters(audience));

    private JwtValidationParameters CreateParameters(string audience) => new()
    {
        ValidIssuer = issuer.Issuer,
        ValidAudiences = [audience],
        ValidTypes = [TokenTypes.AccessTokenJwtType, TokenTypes.AccessTokenJwtMediaType],
        // The server's own token, checked on the server's own clock: no skew, so it is refused the moment exp passes
        // (ClockSkew is for other parties' clocks).
        ClockSkew = TimeSpan.Zero,
        // Its iat may be up to a second ahead: JwtAccessTokenIssuer dates a token issued in the second of a
        // not-before mark one second later.
        IssuedAtClockSkew = TimeSpan.FromSeconds(1),
        TimeProvider = timeProvider,
        RequiredClaims = [JwtClaimNames.Issuer, JwtClaimNames.Subject, JwtClaimNames.Audience, JwtClaimNames.ExpirationTime, JwtClaimNames.IssuedAt, JwtClaimNames.JwtId, JwtClaimNames.ClientId],
    };
}

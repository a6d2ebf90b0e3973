// The stream management API and the poll endpoint are RFC 6750 protected resources of this same server
// (SSF 1.0 §7.1 authorization_schemes: urn:ietf:rfc:6749). They accept only access tokens issued by this server
// (iss), for "{issuer}/ssf" (aud), typed at+jwt (RFC 9068 §4), carrying the ssf:manage scope, validated in-process
// against the server's own keys. The receiver is an ordinary agent and must still be active. A sender-constrained
// token (cnf, RFC 9449) is refused: these endpoints take bearer tokens only, and a DPoP-bound token used as a bearer
// token would defeat its binding.
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Endpoints;
using Mandate.Server.Keys;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsAuthorizer(SigningKeyRing keys, IssuerUris issuer, SharedSignalsUris uris, AgentCache agents, RevocationList revocations, TimeProvider timeProvider, ILogger<SharedSignalsAuthorizer> logger)
{
    private readonly JwtValidationParameters _parameters = new()
    {
        ValidIssuer = issuer.Issuer,
        ValidAudiences = [uris.Audience],
        ValidTypes = [TokenTypes.AccessTokenJwtType, TokenTypes.AccessTokenJwtMediaType],
        // The server's own token on the server's own clock: no skew (as the admin API).
        ClockSkew = TimeSpan.Zero,
        IssuedAtClockSkew = TimeSpan.FromSeconds(1),
        TimeProvider = timeProvider,
        RequiredClaims = [JwtClaimNames.Issuer, JwtClaimNames.Subject, JwtClaimNames.Audience, JwtClaimNames.ExpirationTime, JwtClaimNames.IssuedAt, JwtClaimNames.JwtId, JwtClaimNames.ClientId],
    };

    /// <summary>Returns the receiver's client id, or the RFC 6750 error result to send.</summary>
    public async ValueTask<(string? ClientId, OAuthErrorResult? Failure)> AuthorizeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            SharedSignalsLog.Refused(logger, "no bearer token");
            return (null, OAuthErrorResult.ForBearer(null));
        }

        var result = JwtValidator.Validate(value[7..].Trim(), keys.Snapshot.VerificationKeys, _parameters);
        if (!result.IsValid || result.Claims is not { } claims || claims.ClientId is not { } clientId || claims.TryGetClaim("cnf", out _))
        {
            SharedSignalsLog.Refused(logger, "invalid token: " + result.Error);
            return (null, OAuthErrorResult.ForBearer(SharedSignalsErrors.InvalidToken));
        }

        if (claims.Scope is not { } scope || !ScopeSet.TryParse(scope, out var scopes) || !scopes.Contains(SharedSignalsNames.Scope, StringComparer.Ordinal))
        {
            SharedSignalsLog.Refused(logger, "missing scope, client_id=" + clientId);
            return (null, OAuthErrorResult.ForBearer(SharedSignalsErrors.MissingScope, SharedSignalsNames.Scope));
        }

        if (revocations.IsRevoked(claims.JwtId, claims.Subject, clientId, claims.IssuedAt, result.KeyId))
        {
            SharedSignalsLog.Refused(logger, "revoked token, client_id=" + clientId);
            return (null, OAuthErrorResult.ForBearer(SharedSignalsErrors.InvalidToken));
        }

        var agent = await agents.FindAsync(clientId, context.RequestAborted).ConfigureAwait(false);
        if (agent is null || agent.Status != AgentStatus.Active || agent.ExpiresAt <= timeProvider.GetUtcNow())
        {
            SharedSignalsLog.Refused(logger, "receiver inactive, client_id=" + clientId);
            return (null, OAuthErrorResult.ForBearer(SharedSignalsErrors.InvalidToken));
        }

        return (clientId, null);
    }
}

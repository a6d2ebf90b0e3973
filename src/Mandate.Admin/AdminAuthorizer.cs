// The admin API is an RFC 6750 protected resource of this same server: it accepts only access tokens
// issued by this server (iss), for "{issuer}/admin" (aud), typed at+jwt (RFC 9068 §4), carrying the
// scope the route needs (or mandate:admin, which grants every route). They are validated in-process against the server's own published keys (no HTTP).
// The admin agent must still be active, so suspending it cuts off its unexpired tokens at once.
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Endpoints;
using Mandate.Server.Keys;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Mandate.Server;

namespace Mandate.Admin;

internal sealed class AdminAuthorizer(SigningKeyRing keys, IssuerUris uris, AgentCache agents, RevocationList revocations, TimeProvider timeProvider, ILogger<AdminAuthorizer> logger)
{
    private static readonly OAuthError InvalidToken = OAuthError.InvalidToken("MND2581: The access token is invalid, expired or not meant for the admin API.");
    /// <summary>The <see cref="HttpContext.Items"/> key under which the caller's token scopes are kept for the handler.</summary>
    internal const string CallerScopesKey = "Mandate.Admin.CallerScopes";

    private readonly JwtValidationParameters _parameters = new()
    {
        ValidIssuer = uris.Issuer,
        ValidAudiences = [uris.AdminAudience],
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

    /// <summary>Returns the admin's client id, or the RFC 6750 error result to send.</summary>
    /// <param name="context">The request.</param>
    /// <param name="requiredScope">The route's scope; <c>mandate:admin</c> also satisfies it.</param>
    public async ValueTask<(string? ClientId, OAuthErrorResult? Failure)> AuthorizeAsync(HttpContext context, string requiredScope)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            Log.AdminRequestRefused(logger, "no bearer token");
            return (null, OAuthErrorResult.ForBearer(null));
        }

        var result = JwtValidator.Validate(value[7..].Trim(), keys.Snapshot.VerificationKeys, _parameters);
        if (!result.IsValid || result.Claims is not { } claims || claims.ClientId is not { } clientId)
        {
            Log.AdminRequestRefused(logger, "invalid token: " + result.Error);
            return (null, OAuthErrorResult.ForBearer(InvalidToken));
        }

        if (claims.Scope is not { } scope || !ScopeSet.TryParse(scope, out var scopes) || !AdminScopes.Grants(scopes, requiredScope))
        {
            Log.AdminRequestRefused(logger, "missing scope " + requiredScope + ", client_id=" + clientId);
            // RFC 6750 §3.1: insufficient_scope names the scope the request needs.
            return (null, OAuthErrorResult.ForBearer(OAuthError.InsufficientScope("MND2582: The access token lacks the " + requiredScope + " scope (or mandate:admin) this request needs."), requiredScope));
        }

        if (revocations.IsRevoked(claims.JwtId, claims.Subject, clientId, claims.IssuedAt, result.KeyId))
        {
            Log.AdminRequestRefused(logger, "revoked token, client_id=" + clientId);
            return (null, OAuthErrorResult.ForBearer(InvalidToken));
        }

        var agent = await agents.FindAsync(clientId, context.RequestAborted).ConfigureAwait(false);
        if (agent is null || agent.Status != AgentStatus.Active || agent.ExpiresAt <= timeProvider.GetUtcNow())
        {
            Log.AdminRequestRefused(logger, "admin agent inactive, client_id=" + clientId);
            return (null, OAuthErrorResult.ForBearer(InvalidToken));
        }

        context.Items[CallerScopesKey] = scopes;
        return (clientId, null);
    }
}

// The surfaces this server protects with its own access tokens (the admin API, the Shared Signals API) are RFC 6750
// protected resources of this same server. They accept only access tokens issued by this server (iss), for the
// surface's audience (aud), typed at+jwt (RFC 9068 §4), carrying the route's scope, validated in-process against the
// server's own published keys (no HTTP). The token must not be revoked, and its agent must still be active, so
// suspending an agent cuts off its unexpired tokens at once. A surface that accepts DPoP (RFC 9449 §7) takes a
// DPoP-bound token with the DPoP scheme and a proof; with the FAPI 2.0 profile on, it takes nothing else (FAPI 2.0
// Security Profile §5.3.4: resource servers verify sender-constrained tokens).
using System.Collections.Concurrent;
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Protocol.Dpop;
using Mandate.Server.Agents;
using Mandate.Server.Dpop;
using Mandate.Server.Endpoints;
using Mandate.Server.Fapi2;
using Mandate.Server.Keys;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.OwnTokens;

/// <summary>Checks an access token issued by this server for one of its own protected surfaces.</summary>
internal sealed class OwnTokenAuthorizer(SigningKeyRing keys, IssuerUris issuer, AgentCache agents, RevocationList revocations, DpopProofStep dpop, Fapi2Profile fapi2, TimeProvider timeProvider)
{
    private const string BearerPrefix = "Bearer ";
    private const string DpopPrefix = "DPoP ";
    private readonly ConcurrentDictionary<string, JwtValidationParameters> _parameters = new(StringComparer.Ordinal);
    private readonly string _algorithms = string.Join(' ', dpop.Algorithms);

    /// <summary>Returns the caller's client id and scopes, or the RFC 6750 / RFC 9449 error result to send.</summary>
    /// <param name="context">The request.</param>
    /// <param name="policy">The surface's audience and errors.</param>
    /// <param name="requiredScope">The route's scope (<see cref="OwnTokenPolicy.ScopeGrantingAll"/> also satisfies it).</param>
    public async ValueTask<OwnTokenAuthorization> AuthorizeAsync(HttpContext context, OwnTokenPolicy policy, string requiredScope)
    {
        var requireDpop = policy.AcceptDpop && fapi2.Enabled;
        var header = context.Request.Headers.Authorization;
        var value = header.Count == 1 ? header[0] : null;
        var dpopScheme = policy.AcceptDpop && value is not null && value.StartsWith(DpopPrefix, StringComparison.OrdinalIgnoreCase);
        if (value is null || !(dpopScheme || value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            return Refused(null, requireDpop ? "no DPoP token" : "no bearer token");
        }

        var token = value[(dpopScheme ? DpopPrefix.Length : BearerPrefix.Length)..].Trim();
        var result = JwtValidator.Validate(token, keys.Snapshot.VerificationKeys, ParametersFor(policy.Audience));
        if (!result.IsValid || result.Claims is not { } claims || claims.ClientId is not { } clientId)
        {
            return Refused(policy.InvalidToken, "invalid token: " + result.Error);
        }

        var bound = BoundThumbprint(claims);
        if (!dpopScheme && requireDpop)
        {
            // RFC 9449 §7.1: where DPoP is required, a Bearer token is refused with the DPoP challenge.
            return Refused(DpopResourceErrors.DpopRequired, "bearer token where DPoP is required, client_id=" + clientId);
        }

        if (!dpopScheme && bound is not null && policy.RefuseSenderConstrained)
        {
            return Refused(policy.InvalidToken, "sender-constrained token as bearer, client_id=" + clientId);
        }

        if (dpopScheme)
        {
            if (bound is null)
            {
                return Refused(DpopResourceErrors.NotBound, "unbound token with the DPoP scheme, client_id=" + clientId);
            }

            if (await dpop.VerifyResourceRequestAsync(context, token, bound, clientId, context.RequestAborted).ConfigureAwait(false) is { } proofError)
            {
                return Refused(proofError, "DPoP proof refused, client_id=" + clientId);
            }
        }

        if (claims.Scope is not { } scope || !ScopeSet.TryParse(scope, out var scopes) || !policy.Grants(scopes, requiredScope))
        {
            // RFC 6750 §3.1: insufficient_scope names the scope the request needs.
            return Refused(policy.MissingScope(requiredScope), "missing scope " + requiredScope + ", client_id=" + clientId, requiredScope);
        }

        if (revocations.IsRevoked(claims.JwtId, claims.Subject, clientId, claims.IssuedAt, result.KeyId))
        {
            return Refused(policy.InvalidToken, "revoked token, client_id=" + clientId);
        }

        var agent = await agents.FindAsync(clientId, context.RequestAborted).ConfigureAwait(false);
        if (agent is null || agent.Status != AgentStatus.Active || agent.ExpiresAt <= timeProvider.GetUtcNow())
        {
            return Refused(policy.InvalidToken, "agent inactive, client_id=" + clientId);
        }

        return new OwnTokenAuthorization(clientId, scopes, null, null);

        // The DPoP challenge (§7.1) wherever the caller used, or had to use, the DPoP scheme; else RFC 6750's.
        OwnTokenAuthorization Refused(OAuthError? error, string reason, string? scope = null) => OwnTokenAuthorization.Refused(
            dpopScheme || requireDpop ? OAuthErrorResult.ForDpop(error, _algorithms, scope) : OAuthErrorResult.ForBearer(error, scope), reason);
    }

    // RFC 9449 §6.1: {"cnf":{"jkt":thumbprint}}; a cnf of any other shape binds to nothing this API can check.
    private static string? BoundThumbprint(JwtClaims claims) =>
        !claims.TryGetClaim("cnf", out var cnf) ? null
        : cnf.ValueKind == System.Text.Json.JsonValueKind.Object && cnf.TryGetProperty("jkt", out var jkt) && jkt.ValueKind == System.Text.Json.JsonValueKind.String ? jkt.GetString()
        : string.Empty;

    private JwtValidationParameters ParametersFor(string audience) =>
        _parameters.TryGetValue(audience, out var parameters) ? parameters : _parameters.GetOrAdd(audience, CreateParameters(audience));

    private JwtValidationParameters CreateParameters(string audience) => new()
    {
        ValidIssuer = issuer.Issuer,
        ValidAudiences = [audience],
        ValidTypes = [.. AccessTokenClaims.JwtTypes],
        // The server's own token, checked on the server's own clock: no skew, so it is refused the moment exp passes
        // (ClockSkew is for other parties' clocks).
        ClockSkew = TimeSpan.Zero,
        // Its iat may be up to a second ahead: JwtAccessTokenIssuer dates a token issued in the second of a
        // not-before mark one second later.
        IssuedAtClockSkew = TimeSpan.FromSeconds(1),
        TimeProvider = timeProvider,
        RequiredClaims = [.. AccessTokenClaims.Required],
    };
}

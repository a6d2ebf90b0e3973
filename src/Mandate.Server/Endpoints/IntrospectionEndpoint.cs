// POST /introspect, RFC 7662 OAuth 2.0 Token Introspection.
//   §2.1: the caller authenticates as a client. Who may see a token: its own client; an agent allowed the
//         mandate:admin scope; or an agent allowed mandate:introspect whose allowed audiences include the
//         token's aud (a resource server introspecting tokens sent to it).
//   §2.2: {"active":false} and nothing else for revoked, expired, unknown, malformed or foreign tokens, so the
//         answer never tells a caller more than that it may not use the token (§4).
//   Refresh tokens (mrt_…) are active only for their own client, while usable (not rotated, revoked or expired).
//   Responses are Cache-Control: no-store.
using System.Text.Json;
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Audit;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.Grants.RefreshToken;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Endpoints;

internal sealed class IntrospectionEndpoint(
    ClientAuthenticationStep authentication,
    IssuedTokenReader reader,
    RevocationList revocations,
    RefreshTokenService refreshTokens,
    AgentCache agents,
    IAuditSink audit,
    ServerMetrics metrics,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<IntrospectionEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var (caller, token) = await TokenActionRequest.ReadAsync(context, authentication, options.Value.MaxRequestBodySize, logger).ConfigureAwait(false);
        if (caller is null)
        {
            return;
        }

        var (claims, keyId) = reader.Read(token!);
        // Refresh tokens are reported to their own client only.
        var refresh = claims is null ? await refreshTokens.FindAsync(token!, context.RequestAborted).ConfigureAwait(false) : null;
        if (refresh is not null && !(refresh.ClientId == caller.ClientId && refreshTokens.IsUsable(refresh)))
        {
            refresh = null;
        }

        var active = refresh is not null || claims is not null
            && MayInspect(caller, claims)
            && !revocations.IsRevoked(claims.JwtId, claims.Subject, claims.ClientId, claims.IssuedAt, keyId)
            && await IsAgentActiveAsync(claims.ClientId!, context.RequestAborted).ConfigureAwait(false);
        Log.Introspected(logger, caller.ClientId, claims?.JwtId, active);
        metrics.Introspected(active);
        await AuditAsync(context, caller, claims, active).ConfigureAwait(false);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteBoolean("active", active);
        if (refresh is not null)
        {
            RefreshTokenIntrospection.WriteClaims(writer, refresh);
        }
        else if (active)
        {
            WriteClaims(writer, claims!);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    // Issue 7: who asked about which jti, and the answer. The answer is not a credential, so a failed
    // audit commit is logged and the response still sent.
    private async Task AuditAsync(HttpContext context, Agent caller, JwtClaims? claims, bool active)
    {
        var request = AuditRequestContext.From(context);
        var record = new AuditRecord
        {
            Timestamp = timeProvider.GetUtcNow(),
            Type = AuditEventTypes.TokenIntrospected,
            AgentId = caller.Id,
            ClientId = caller.ClientId,
            TokenId = claims?.JwtId,
            Reason = active ? "active" : "inactive",
            ClientAddress = request.ClientAddress,
            UserAgent = request.UserAgent,
            TraceId = request.TraceId,
            SpanId = request.SpanId,
        };
        try
        {
            await audit.WriteAsync(record, context.RequestAborted).ConfigureAwait(false);
        }
        catch (AuditUnavailableException ex)
        {
            Log.IntrospectionNotAudited(logger, caller.ClientId, Faults.FaultText.Of(ex));
        }
    }

    private static bool MayInspect(Agent caller, JwtClaims claims)
    {
        if (claims.ClientId == caller.ClientId || AgentPolicyValidator.Contains(caller.AllowedScopes, MandateScopes.Admin))
        {
            return true;
        }

        if (!AgentPolicyValidator.Contains(caller.AllowedScopes, MandateScopes.Introspect))
        {
            return false;
        }

        foreach (var audience in claims.Audiences)
        {
            if (AgentPolicyValidator.Contains(caller.AllowedAudiences, audience))
            {
                return true;
            }
        }

        return false;
    }

    // A token of a suspended, decommissioned or expired agent is inactive even before its not-before mark reaches
    // every node.
    private async ValueTask<bool> IsAgentActiveAsync(string clientId, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        return agent is not null && agent.Status == AgentStatus.Active && !(agent.ExpiresAt <= timeProvider.GetUtcNow());
    }

    // RFC 7662 §2.2 members, values exactly as issued.
    private static void WriteClaims(Utf8JsonWriter writer, JwtClaims claims)
    {
        if (claims.Scope is { } scope)
        {
            writer.WriteString("scope", scope);
        }

        writer.WriteString("client_id", claims.ClientId);
        // RFC 9449 §6.2: a bound token is reported with token_type DPoP and its cnf.jkt.
        var jkt = Dpop.ConfirmationKey.Thumbprint(claims);
        writer.WriteString("token_type", jkt is null ? TokenTypes.Bearer : TokenTypes.DPoP);
        if (jkt is not null)
        {
            writer.WriteStartObject(JwtClaimNames.Confirmation);
            writer.WriteString(JwtClaimNames.JwkThumbprint, jkt);
            writer.WriteEndObject();
        }

        writer.WriteNumber("exp", claims.ExpiresAt!.Value.ToUnixTimeSeconds());
        writer.WriteNumber("iat", claims.IssuedAt!.Value.ToUnixTimeSeconds());
        writer.WriteString("sub", claims.Subject);
        if (claims.TryGetClaim(JwtClaimNames.Audience, out var audience))
        {
            writer.WritePropertyName("aud");
            audience.WriteTo(writer);
        }

        writer.WriteString("iss", claims.Issuer);
        writer.WriteString("jti", claims.JwtId);
        if (claims.TryGetClaim("act", out var actor))
        {
            writer.WritePropertyName("act");
            actor.WriteTo(writer);
        }

        // RFC 9396 §9.2: introspection returns the token's authorization_details.
        if (claims.TryGetClaim(OAuthParameters.AuthorizationDetails, out var details))
        {
            writer.WritePropertyName(OAuthParameters.AuthorizationDetails);
            details.WriteTo(writer);
        }
    }
}

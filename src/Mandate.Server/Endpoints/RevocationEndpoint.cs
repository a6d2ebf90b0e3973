// POST /revoke, RFC 7009 OAuth 2.0 Token Revocation.
//   §2.1: the client authenticates; it may revoke only tokens issued to it (client_id claim). Deliberate
//         extension: an agent allowed the mandate:admin scope may revoke any token of this server.
//   §2.2: 200 also for invalid, unknown or expired tokens ("invalid tokens do not cause an error").
//   A revoked JWT is denied by jti until its exp, here and on every API through the revocation feed; tokens
//   derived from it by exchange (parent_jti links, DelegationRegistry) are revoked with it, transitively.
//   A refresh token (mrt_…) revokes its whole family and the access tokens issued from it.
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.Grants.RefreshToken;
using Mandate.Server.Revocation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Endpoints;

internal sealed class RevocationEndpoint(
    ClientAuthenticationStep authentication,
    IssuedTokenReader reader,
    RevocationService revocations,
    RefreshTokenService refreshTokens,
    ServerMetrics metrics,
    IOptions<MandateServerOptions> options,
    ILogger<RevocationEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var (caller, token) = await TokenActionRequest.ReadAsync(context, authentication, options.Value.MaxRequestBodySize, logger).ConfigureAwait(false);
        if (caller is null)
        {
            return;
        }

        // RFC 7009 §2.1 refresh tokens (token_type_hint not needed: the mrt_ prefix tells them apart).
        if (RefreshTokenValues.IsRefreshToken(token!))
        {
            if (!await refreshTokens.RevokeAsync(caller, token!, context.RequestAborted).ConfigureAwait(false))
            {
                metrics.Revocation("refused");
                await OAuthErrorResult.ForTokenEndpoint(ErrorDescriptions.NotTokenOwner, false).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            metrics.Revocation("revoked");
            WriteOk(context.Response);
            return;
        }

        var (claims, _) = reader.Read(token!);
        if (claims is not null && claims.JwtId is { } jti && claims.ExpiresAt is { } expiresAt)
        {
            var isOwner = claims.ClientId == caller.ClientId;
            if (!isOwner && !AgentPolicyValidator.Contains(caller.AllowedScopes, MandateScopes.Admin))
            {
                Log.RevocationRefused(logger, caller.ClientId, jti, claims.ClientId);
                metrics.Revocation("refused");
                await OAuthErrorResult.ForTokenEndpoint(ErrorDescriptions.NotTokenOwner, false).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await revocations.RevokeTokenAsync(jti, expiresAt, caller.ClientId, context.RequestAborted).ConfigureAwait(false);
            metrics.Revocation("revoked");
        }
        else
        {
            metrics.Revocation("ignored");
        }

        WriteOk(context.Response);
    }

    // RFC 7009 §2.2: HTTP 200 with no content the client needs to process.
    private static void WriteOk(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}

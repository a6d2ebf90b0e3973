// RFC 7523 §2.2 / §3 private_key_jwt (with RFC 7521 §4.2). The assertion must have:
//  iss = sub = the client_id (§3 items 1-2); aud = this server's issuer or token endpoint URL (item 3);
//  exp, no further ahead than ClientAssertionMaxLifetime (item 4, bounds the replay window);
//  jti, used once (item 7, via IReplayCache until exp); a signature by a key in the agent's registered
//  JWKS, where the key fixes the algorithm (RFC 8725 §3.1) - so alg none/HS*/mismatches fail.
// The client is looked up by the unverified sub only to choose the keys; nothing else is trusted until
// the signature has been checked (JwtValidator checks the signature before any claim). An unknown client, or a kid
// the client has no key for, still costs one signature verification (DecoySignatureCheck).
using System.Collections.Concurrent;
using Mandate.Jose;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.ClientIdMetadata;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.ClientAuthentication;

internal sealed class PrivateKeyJwtAuthenticator(
    AgentCache agents,
    IReplayCache replayCache,
    IssuerUris uris,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    WorkloadIdentityAuthenticator workloadIdentity,
    ClientIdMetadataDocumentResolver metadataDocuments,
    Fapi2.Fapi2Profile fapi2,
    DecoySignatureCheck decoy) : IClientAuthenticator
{
    private static readonly string[] RequiredClaims = [JwtClaimNames.Issuer, JwtClaimNames.Subject, JwtClaimNames.Audience, JwtClaimNames.ExpirationTime, JwtClaimNames.JwtId];
    private static readonly VerificationKeySet NoKeys = new([]);

    private readonly ConcurrentDictionary<string, (string Jwks, VerificationKeySet Keys)> _keyCache = new(StringComparer.Ordinal);
    private readonly string[] _audiences = [uris.Issuer, uris.TokenEndpoint];
    private readonly MandateServerOptions _options = options.Value;

    public string Method => ClientAuthenticationMethods.PrivateKeyJwt;

    public bool IsPresent(ClientAuthenticationContext context) =>
        context.Parameters.ContainsKey(OAuthParameters.ClientAssertion) || context.Parameters.ContainsKey(OAuthParameters.ClientAssertionType);

    public async ValueTask<ClientAuthenticationResult> AuthenticateAsync(ClientAuthenticationContext context, CancellationToken cancellationToken)
    {
        var assertion = context.Get(OAuthParameters.ClientAssertion);
        var type = context.Get(OAuthParameters.ClientAssertionType);
        if (assertion is null || type != ClientAssertionTypes.JwtBearer)
        {
            // RFC 7521 §4.2: both parameters are REQUIRED, and the type must be one we support.
            return ClientAuthenticationResult.Fail(ErrorDescriptions.InvalidClientAssertionRequest, context.Get(OAuthParameters.ClientId), "client_assertion or client_assertion_type missing or unsupported");
        }

        // Workload identity federation: an assertion whose iss is a trusted issuer (docs/delegation.md).
        if (await workloadIdentity.AppliesAsync(assertion, cancellationToken).ConfigureAwait(false))
        {
            return await workloadIdentity.AuthenticateAsync(assertion, context.Get(OAuthParameters.ClientId), cancellationToken).ConfigureAwait(false);
        }

        if (!UnverifiedClaims.TryReadSubject(assertion, out var clientId))
        {
            return ClientAuthenticationResult.Fail(null, "client_assertion is not a JWT with a sub claim");
        }

        // A URL client id names its own metadata document (draft-ietf-oauth-client-id-metadata-document), when trusted.
        string? unresolved = null;
        Agent? agent;
        if (metadataDocuments.Handles(clientId))
        {
            (agent, unresolved) = await metadataDocuments.ResolveAsync(clientId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            agent = await agents.FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        }

        var keys = agent?.Jwks is { } jwks ? GetKeys(agent.Id, jwks) : NoKeys;
        var result = JwtValidator.Validate(assertion, keys, new JwtValidationParameters
        {
            ValidIssuer = clientId,
            ValidAudiences = _audiences,
            ValidTypes = [],
            ClockSkew = _options.ClockSkew,
            TimeProvider = timeProvider,
            RequireExpirationTime = true,
            RequiredClaims = RequiredClaims,
        });

        if (result.Error == JoseErrorCode.UnknownKeyId)
        {
            // No key of this client (or no client) to verify with: verify against a decoy anyway, so an unknown client
            // costs what a known client's bad signature costs.
            decoy.Verify(assertion, result.Header.Algorithm);
        }

        if (agent is null)
        {
            return ClientAuthenticationResult.Fail(clientId, string.IsNullOrEmpty(unresolved) ? "unknown client_id" : unresolved);
        }

        if (!result.IsValid || result.Claims is not { } claims)
        {
            return ClientAuthenticationResult.Fail(clientId, "client_assertion rejected: " + result.Error);
        }

        if (claims.Subject != agent.ClientId)
        {
            return ClientAuthenticationResult.Fail(clientId, "client_assertion sub differs from iss");
        }

        // FAPI 2.0 Security Profile §5.3.2.1 item 8: aud is the issuer identifier, as a string; §5.4.1: PS256 or ES256.
        if (fapi2.AppliesTo(agent))
        {
            if (!fapi2.Allows(result.Header.Alg))
            {
                return ClientAuthenticationResult.Fail(clientId, "FAPI 2.0 profile: client_assertion alg " + result.Header.Alg + " refused");
            }

            if (!UnverifiedClaims.TryReadString(assertion, JwtClaimNames.Audience, out var audience) || !string.Equals(audience, uris.Issuer, StringComparison.Ordinal))
            {
                return ClientAuthenticationResult.Fail(clientId, "FAPI 2.0 profile: client_assertion aud must be the issuer identifier as a string");
            }
        }

        var now = timeProvider.GetUtcNow();
        if (claims.ExpiresAt is not { } expiresAt || expiresAt - now > _options.ClientAssertionMaxLifetime + _options.ClockSkew)
        {
            return ClientAuthenticationResult.Fail(clientId, "client_assertion exp is too far in the future");
        }

        // RFC 7523 §3 item 7: remember the jti until the assertion could no longer be accepted anyway.
        if (!await replayCache.TryAddAsync(agent.ClientId, claims.JwtId!, expiresAt + _options.ClockSkew, cancellationToken).ConfigureAwait(false))
        {
            return ClientAuthenticationResult.Fail(clientId, "client_assertion jti replayed: " + claims.JwtId);
        }

        return ClientAuthenticationResult.Success(agent);
    }

    private VerificationKeySet GetKeys(string agentId, string jwks)
    {
        if (_keyCache.TryGetValue(agentId, out var cached) && string.Equals(cached.Jwks, jwks, StringComparison.Ordinal))
        {
            return cached.Keys;
        }

        var keys = AgentKeys.TryParse(jwks, out var parsed, out _) && parsed is not null ? parsed : NoKeys;
        _keyCache[agentId] = (jwks, keys);
        return keys;
    }
}

// RFC 8693 token exchange whose subject_token comes from a trusted external issuer (docs/delegation.md):
//  - subject_token_type jwt, id_token or access_token (§3); the token is validated by ExternalAssertionValidator
//    (signature with the issuer's keys, exact iss, exp, allowed subject). It is a bearer token, so its jti is not
//    consumed and it may be exchanged again while it lives.
//  - chain binding for external tokens: its aud must be one of the issuer's accepted audiences or name the calling
//    agent (urn:mandate:agent:{id}); may_act, when present, must name the client (§4.4); a foreign act claim is
//    refused, because Mandate cannot vouch for actors another issuer recorded.
//  - the person becomes sub, namespaced (urn:mandate:ext:{issuer-name}:{sub}); the calling agent becomes act (§4.1);
//    the actor_token, when sent, must be the client's own Mandate token.
//  - scope = requested ∩ (the token's scope claim, when it has one) ∩ the issuer's grantable scopes ∩ the client's
//    allowed scopes; asking for more is invalid_scope. Lifetime ≤ the token's remaining lifetime, the issuer's
//    maximum, the client's and the server's.
// Refusals of the subject token are invalid_request (RFC 8693 §2.2.2).
using Mandate.Protocol;
using Mandate.Server.Grants.ClientCredentials;
using Mandate.Server.TrustedIssuers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Grants.TokenExchange;

internal sealed class ExternalSubjectExchange(
    ExternalAssertionValidator validator,
    ExchangedTokenReader reader,
    IssuerUris uris,
    IOptions<MandateServerOptions> serverOptions,
    IOptions<TokenExchangeOptions> exchangeOptions,
    TimeProvider timeProvider,
    ILogger<ExternalSubjectExchange> logger)
{
    public static readonly OAuthError InvalidExternalSubject = new(OAuthErrorCodes.InvalidRequest, "MND2520: The subject_token is not an acceptable token of a trusted issuer.");
    public static readonly OAuthError UnsupportedExternalSubjectType = new(OAuthErrorCodes.InvalidRequest, "MND2521: subject_token_type must be urn:ietf:params:oauth:token-type:jwt, id_token or access_token.");

    private readonly TimeSpan _maxLifetime = serverOptions.Value.MaxAccessTokenLifetime;

    /// <summary>True when the subject_token names another issuer than this server (so this class decides the request).</summary>
    public bool IsExternal(TokenRequest request) =>
        request.Get(OAuthParameters.SubjectToken) is { } token
        && ClientAuthentication.UnverifiedClaims.TryReadString(token, JwtClaimNames.Issuer, out var iss)
        && !string.Equals(iss, uris.Issuer, StringComparison.Ordinal);

    /// <summary>Validates the external subject token and the delegation; the shared checks (parameters) ran before.</summary>
    public async ValueTask<(ExternalAssertion? Subject, OAuthError? Error)> ReadSubjectAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var client = request.Client;
        var type = request.Get(OAuthParameters.SubjectTokenType);
        if (type is not (TokenTypes.Jwt or TokenTypes.IdToken or TokenTypes.AccessToken))
        {
            return (null, UnsupportedExternalSubjectType);
        }

        var subject = await validator.ValidateAsync(request.Get(OAuthParameters.SubjectToken)!, AssertionUse.SubjectToken, AgentAudience.For(client.Id), cancellationToken).ConfigureAwait(false);
        if (subject is null)
        {
            return (null, Refuse(client.ClientId, "subject_token is not acceptable from a trusted issuer", InvalidExternalSubject));
        }

        if (subject.Issuer.MapsToAgentId is not null)
        {
            return (null, Refuse(client.ClientId, "a workload issuer's token names an agent, not a person", InvalidExternalSubject));
        }

        if (subject.Claims.TryGetClaim(JwtClaimNames.Actor, out _))
        {
            return (null, Refuse(client.ClientId, "an external subject_token with act is refused", InvalidExternalSubject));
        }

        if (!DelegationClaims.MayAct(subject.Claims, client.ClientId, uris.Issuer))
        {
            return (null, Refuse(client.ClientId, "may_act does not admit the client", TokenExchangeErrors.ActorNotPermitted));
        }

        if (request.Get(OAuthParameters.ActorToken) is { } actorToken && reader.Read(actorToken) is var own
            && (own is null || own.Subject != client.Id || own.ClientId != client.ClientId))
        {
            return (null, Refuse(client.ClientId, "actor_token is invalid or not the client's own token", TokenExchangeErrors.InvalidActorToken));
        }

        return (subject, null);
    }

    /// <summary>The whole decision for an access token about an external subject.</summary>
    public async ValueTask<GrantResult> ValidateAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var (subject, error) = await ReadSubjectAsync(request, cancellationToken).ConfigureAwait(false);
        if (subject is null)
        {
            return error!;
        }

        var client = request.Client;
        if (exchangeOptions.Value.MaxDelegationDepth < 1)
        {
            return Refuse(client.ClientId, "delegation depth 1 exceeds the maximum", TokenExchangeErrors.DelegationTooDeep);
        }

        var scopes = ExchangeScopes.Resolve(request.Get(OAuthParameters.Scope), HeldScope(subject), client.AllowedScopes, out var scopeError);
        if (scopes is null)
        {
            return scopeError!;
        }

        var audience = ExchangeAudience.Resolve(request, client.AllowedAudiences, out var audienceError);
        if (audience is null)
        {
            return audienceError!;
        }

        var remaining = TimeSpan.FromSeconds(Math.Floor((subject.Claims.ExpiresAt!.Value - timeProvider.GetUtcNow()).TotalSeconds));
        var lifetime = Min(Min(client.TokenLifetime, _maxLifetime), Min(subject.Issuer.MaxTokenLifetime, remaining));
        if (lifetime < TimeSpan.FromSeconds(1))
        {
            return Refuse(client.ClientId, "subject_token expires within a second", TokenExchangeErrors.SubjectTokenExpiring);
        }

        Log.TokenExchangeApproved(logger, client.ClientId, subject.MandateSubject, subject.Claims.JwtId ?? "-", 1, false);
        return new ApprovedGrant
        {
            GrantType = GrantTypes.TokenExchange,
            Subject = subject.MandateSubject,
            ClientId = client.ClientId,
            Scopes = scopes,
            Audience = audience,
            Lifetime = lifetime,
            Actors = [client.ClientId],
            IssuedTokenType = TokenTypes.AccessToken,
        };
    }

    /// <summary>The issuer's grantable scopes, narrowed by the token's own scope claim when it has one.</summary>
    public static string HeldScope(ExternalAssertion subject)
    {
        var grantable = subject.Issuer.GrantableScopes;
        if (subject.Claims.Scope is not { } scope)
        {
            return string.Join(' ', grantable);
        }

        var held = new List<string>();
        if (ScopeSet.TryParse(scope, out var own))
        {
            foreach (var item in own)
            {
                if (grantable.Contains(item, StringComparer.Ordinal))
                {
                    held.Add(item);
                }
            }
        }

        return string.Join(' ', held);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private OAuthError Refuse(string clientId, string reason, OAuthError error)
    {
        Log.TokenExchangeRefused(logger, clientId, null, reason);
        return error;
    }
}

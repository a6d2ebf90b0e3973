// RFC 8693 OAuth 2.0 Token Exchange for tokens this server issued.
//  - §2.1: subject_token + subject_token_type (access_token or jwt) REQUIRED; actor_token_type REQUIRED when
//    actor_token is present; requested_token_type defaults to (and may only be) access_token.
//  - §2.2.1: the response carries issued_token_type.
//  - §2.2.2: an invalid or unacceptable subject/actor token is invalid_request (MUST); a refused target is
//    invalid_target; scope widening is invalid_scope (RFC 6749 §5.2).
//  - §4.1: the new token keeps the subject's sub and nests the authenticated client as the newest (outermost) act.
//  - §4.4: may_act in the subject token, when present, must name the client.
// Mandate rules (docs/delegation.md): chain binding - the subject token's aud must name the client's agent URI
// (urn:mandate:agent:{id}), unless the client already holds it (its client_id), which only narrows scope/audience
// and keeps act as it is. The actor_token, when sent, must be the client's own token. Depth is capped by
// TokenExchangeOptions and the subject's policy; impersonation (no new act) only for listed impersonators that
// send no actor_token. scope = requested ∩ subject scope ∩ client's allowed scopes; lifetime ≤ the subject token's
// remaining lifetime and ≤ the client's own. The result records parent_jti for cascading revocation.
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.Dpop;
using Mandate.Server.AuthorizationDetails;
using Mandate.Server.Grants.ClientCredentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Grants.TokenExchange;

internal sealed class TokenExchangeGrantHandler(
    ExchangedTokenReader reader,
    ExternalSubjectExchange external,
    IdJagExchange idJag,
    IssuerUris uris,
    IOptions<MandateServerOptions> serverOptions,
    IOptions<TokenExchangeOptions> exchangeOptions,
    TimeProvider timeProvider,
    AuthorizationDetailsPolicy details,
    ILogger<TokenExchangeGrantHandler> logger) : IGrantHandler
{
    private static readonly IReadOnlySet<string> Accepted = new HashSet<string>(StringComparer.Ordinal)
    {
        OAuthParameters.SubjectToken, OAuthParameters.SubjectTokenType, OAuthParameters.ActorToken, OAuthParameters.ActorTokenType,
        OAuthParameters.RequestedTokenType, OAuthParameters.Scope, OAuthParameters.Resource, OAuthParameters.Audience,
        OAuthParameters.AuthorizationDetails,
    };

    private readonly TimeSpan _maxLifetime = serverOptions.Value.MaxAccessTokenLifetime;
    private readonly TokenExchangeOptions _options = exchangeOptions.Value;

    public string GrantType => GrantTypes.TokenExchange;

    public IReadOnlySet<string> Parameters => Accepted;

    // RFC 9396: the subject token's authorization_details are kept, or narrowed by the request (AuthorizationDetailsPolicy).
    // A trusted issuer's subject_token carries none, so it (and an ID-JAG request) can only keep none.
    public async ValueTask<GrantResult> ValidateAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var result = request.Get(OAuthParameters.RequestedTokenType) == TokenTypes.IdJag ? await idJag.ValidateAsync(request, cancellationToken).ConfigureAwait(false)
            : external.IsExternal(request) ? await ValidateExternalAsync(request, cancellationToken).ConfigureAwait(false)
            : Validate(request);
        return result.IsApproved ? await details.ApplyAsync(result.Grant, request, derived: true, cancellationToken).ConfigureAwait(false) : result;
    }

    // A trusted issuer's subject_token (docs/delegation.md): same parameter rules, then ExternalSubjectExchange decides.
    private async ValueTask<GrantResult> ValidateExternalAsync(TokenRequest request, CancellationToken cancellationToken) =>
        CheckTokenTypes(request, external: true) is { } parameterError ? parameterError : await external.ValidateAsync(request, cancellationToken).ConfigureAwait(false);

    private GrantResult Validate(TokenRequest request)
    {
        var client = request.Client;
        var parameterError = CheckTokenTypes(request, external: false);
        if (parameterError is not null)
        {
            return parameterError;
        }

        var subject = reader.Read(request.Get(OAuthParameters.SubjectToken)!);
        if (subject is null || !DelegationClaims.TryRead(subject, out var chain))
        {
            return Refuse(client.ClientId, null, "subject_token failed validation or is revoked", TokenExchangeErrors.InvalidSubjectToken);
        }

        var actorToken = request.Get(OAuthParameters.ActorToken);
        var own = actorToken is null ? null : reader.Read(actorToken);
        if (actorToken is not null && (own is null || own.Subject != client.Id || own.ClientId != client.ClientId))
        {
            return Refuse(client.ClientId, subject.JwtId, "actor_token is invalid or not the client's own token", TokenExchangeErrors.InvalidActorToken);
        }

        // Every hop bound (RFC 9449 §6.1): a DPoP-bound token of the client's own - the actor_token, or a subject_token
        // it exchanges for itself - counts only when the request's proof is made with the key it is bound to. A
        // subject_token from another party is bound to that party's key and was received as its audience.
        if (!ConfirmationKey.Matches(own, request.DpopKeyThumbprint))
        {
            Log.DpopBindingMismatch(logger, "actor_token", client.ClientId);
            return DpopErrors.ActorTokenKeyMismatch;
        }

        if (string.Equals(subject.ClientId, client.ClientId, StringComparison.Ordinal) && !ConfirmationKey.Matches(subject, request.DpopKeyThumbprint))
        {
            Log.DpopBindingMismatch(logger, "subject_token", client.ClientId);
            return DpopErrors.SubjectTokenKeyMismatch;
        }

        var actors = chain;
        var impersonation = false;
        if (!string.Equals(subject.ClientId, client.ClientId, StringComparison.Ordinal))
        {
            var bindingError = Delegate(subject, client.Id, client.ClientId, actorToken is null, chain, out actors, out impersonation);
            if (bindingError is not null)
            {
                return bindingError;
            }
        }

        var scopes = ExchangeScopes.Resolve(request.Get(OAuthParameters.Scope), subject.Scope, client.AllowedScopes, out var scopeError);
        if (scopes is null)
        {
            return scopeError!;
        }

        var audience = ExchangeAudience.Resolve(request, client.AllowedAudiences, out var audienceError);
        if (audience is null)
        {
            return audienceError!;
        }

        // Whole seconds, rounded down, so the new exp never passes the subject token's exp.
        var remaining = TimeSpan.FromSeconds(Math.Floor((subject.ExpiresAt!.Value - timeProvider.GetUtcNow()).TotalSeconds));
        var lifetime = Min(Min(client.TokenLifetime, _maxLifetime), remaining);
        if (lifetime < TimeSpan.FromSeconds(1))
        {
            return Refuse(client.ClientId, subject.JwtId, "subject_token expires within a second", TokenExchangeErrors.SubjectTokenExpiring);
        }

        Log.TokenExchangeApproved(logger, client.ClientId, subject.Subject!, subject.JwtId!, actors.Count, impersonation);
        return new ApprovedGrant
        {
            GrantType = GrantTypes.TokenExchange,
            Subject = subject.Subject!,
            ClientId = client.ClientId,
            Scopes = scopes,
            Audience = audience,
            Lifetime = lifetime,
            Actors = actors,
            ParentTokenId = subject.JwtId,
            IssuedTokenType = TokenTypes.AccessToken,
            RefreshToken = RefreshTokenIntent.ForExchange(client, subject.Subject!),
            AuthorizationDetails = subject.TryGetClaim(OAuthParameters.AuthorizationDetails, out var held) ? held.GetRawText() : null,
        };
    }

    /// <summary>Chain binding, may_act, the subject's policy and the depth limit for a token bound to another party.</summary>
    private OAuthError? Delegate(JwtClaims subject, string agentId, string clientId, bool noActorToken, IReadOnlyList<string> chain, out IReadOnlyList<string> actors, out bool impersonation)
    {
        actors = chain;
        impersonation = false;
        if (!Contains(subject.Audiences, AgentAudience.For(agentId)))
        {
            return Refuse(clientId, subject.JwtId, "subject_token aud does not name the client's agent URI (splice)", TokenExchangeErrors.NotBoundToClient);
        }

        _options.Policies.TryGetValue(subject.Subject!, out var policy);
        if (!DelegationClaims.MayAct(subject, clientId, uris.Issuer) || (policy?.AllowedActors is { } allowed && !allowed.Contains(clientId)))
        {
            return Refuse(clientId, subject.JwtId, "may_act or the subject's delegation policy does not admit the client", TokenExchangeErrors.ActorNotPermitted);
        }

        impersonation = noActorToken && policy is not null && policy.Impersonators.Contains(clientId);
        if (!impersonation)
        {
            actors = [clientId, .. chain];
        }

        var maxDepth = Math.Min(_options.MaxDelegationDepth, policy?.MaxDelegationDepth ?? int.MaxValue);
        return actors.Count > maxDepth
            ? Refuse(clientId, subject.JwtId, $"delegation depth {actors.Count} exceeds {maxDepth}", TokenExchangeErrors.DelegationTooDeep)
            : null;
    }

    private static OAuthError? CheckTokenTypes(TokenRequest request, bool external)
    {
        var subjectToken = request.Get(OAuthParameters.SubjectToken);
        var subjectType = request.Get(OAuthParameters.SubjectTokenType);
        if (string.IsNullOrEmpty(subjectToken) || string.IsNullOrEmpty(subjectType))
        {
            return TokenExchangeErrors.MissingSubjectToken;
        }

        if (!IsJwtTokenType(subjectType) && !(external && subjectType == TokenTypes.IdToken))
        {
            return TokenExchangeErrors.UnsupportedSubjectTokenType;
        }

        // RFC 8693 §2.1: actor_token_type is REQUIRED when actor_token is present, and MUST NOT be included otherwise.
        var actorToken = request.Get(OAuthParameters.ActorToken);
        var actorType = request.Get(OAuthParameters.ActorTokenType);
        if (string.IsNullOrEmpty(actorToken) != string.IsNullOrEmpty(actorType) || (actorToken is not null && actorToken.Length == 0))
        {
            return TokenExchangeErrors.ActorTokenTypeRequired;
        }

        if (actorType is not null && !IsJwtTokenType(actorType))
        {
            return TokenExchangeErrors.UnsupportedActorTokenType;
        }

        var requested = request.Get(OAuthParameters.RequestedTokenType);
        return requested is null || requested == TokenTypes.AccessToken ? null : TokenExchangeErrors.UnsupportedRequestedTokenType;
    }

    private static bool IsJwtTokenType(string type) => type is TokenTypes.AccessToken or TokenTypes.Jwt;

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var item in values)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private OAuthError Refuse(string clientId, string? subjectJti, string reason, OAuthError error)
    {
        Log.TokenExchangeRefused(logger, clientId, subjectJti, reason);
        return error;
    }
}

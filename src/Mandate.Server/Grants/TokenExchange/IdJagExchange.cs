// Token exchange that issues an Identity Assertion JWT Authorization Grant (draft-ietf-oauth-identity-assertion-authz-grant
// §4.3 "Token Exchange"): requested_token_type=urn:ietf:params:oauth:token-type:id-jag, audience = the issuer URL of
// another authorization server that trusts Mandate, optional resource and scope; actor_token is not used.
// Mandate's rules (docs/delegation.md "ID-JAG"):
//  - audience must be listed in TrustedIssuerOptions.IdJagAudiences (closed by default), else invalid_target;
//  - the subject must be a person: a trusted issuer's token (ID token, JWT or access token, checked like any external
//    subject_token, including its aud naming this agent or an accepted audience - the draft's "aud of the subject
//    token matches the client"), or a live Mandate access token about an external subject that was issued to this
//    agent (client_id) or names it in aud. Agent subjects get no ID-JAG: an agent authenticates as itself elsewhere;
//  - scope = requested ∩ what the subject holds ∩ the agent's allowed scopes (invalid_scope when wider);
//  - lifetime ≤ IdJagLifetime and ≤ the subject token's remaining lifetime; the ID-JAG carries no act.
// The response is issued_token_type id-jag, token_type N_A (draft §4.3.2), signed with Mandate's active key.
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.TrustedIssuers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Grants.TokenExchange;

internal sealed class IdJagExchange(
    ExternalSubjectExchange external,
    ExchangedTokenReader reader,
    IOptions<TrustedIssuerOptions> options,
    TimeProvider timeProvider,
    ILogger<IdJagExchange> logger)
{
    public static readonly OAuthError AudienceNotTrusted = new(OAuthErrorCodes.InvalidTarget, "MND2530: audience must be one authorization server this server issues ID-JAGs for.");
    public static readonly OAuthError NotAPerson = new(OAuthErrorCodes.InvalidRequest, "MND2531: An ID-JAG is only issued for a person: a trusted issuer's token, or a Mandate token about one held by this client.");
    public static readonly OAuthError ActorTokenNotUsed = new(OAuthErrorCodes.InvalidRequest, "MND2532: actor_token is not used when requesting an ID-JAG.");
    public static readonly OAuthError InvalidResource = new(OAuthErrorCodes.InvalidTarget, "MND2533: resource must be one absolute URI without a fragment (RFC 8707 §2).");

    public async ValueTask<GrantResult> ValidateAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var client = request.Client;
        if (request.Get(OAuthParameters.SubjectToken) is not { Length: > 0 } token || request.Get(OAuthParameters.SubjectTokenType) is not { Length: > 0 })
        {
            return TokenExchangeErrors.MissingSubjectToken;
        }

        if (request.Get(OAuthParameters.ActorToken) is not null || request.Get(OAuthParameters.ActorTokenType) is not null)
        {
            return ActorTokenNotUsed;
        }

        var audiences = request.GetValues(OAuthParameters.Audience);
        if (audiences.Count != 1 || !options.Value.IdJagAudiences.Contains(audiences[0]!, StringComparer.Ordinal))
        {
            return Refuse(client.ClientId, "audience is not an ID-JAG audience", AudienceNotTrusted);
        }

        var resources = request.GetValues(OAuthParameters.Resource);
        if (resources.Count > 1 || (resources.Count == 1 && !AgentPolicyValidator.IsResourceUri(resources[0])))
        {
            return InvalidResource;
        }

        string subject;
        string? held;
        DateTimeOffset expiresAt;
        string? parent = null;
        if (external.IsExternal(request))
        {
            var (assertion, error) = await external.ReadSubjectAsync(request, cancellationToken).ConfigureAwait(false);
            if (assertion is null)
            {
                return error!;
            }

            subject = assertion.MandateSubject;
            held = ExternalSubjectExchange.HeldScope(assertion);
            expiresAt = assertion.Claims.ExpiresAt!.Value;
        }
        else
        {
            if (request.Get(OAuthParameters.SubjectTokenType) is not (TokenTypes.AccessToken or TokenTypes.Jwt))
            {
                return TokenExchangeErrors.UnsupportedSubjectTokenType;
            }

            var own = reader.Read(token);
            if (own is null)
            {
                return Refuse(client.ClientId, "subject_token failed validation or is revoked", TokenExchangeErrors.InvalidSubjectToken);
            }

            if (!ExternalSubject.IsExternal(own.Subject)
                || !(string.Equals(own.ClientId, client.ClientId, StringComparison.Ordinal) || own.Audiences.Contains(AgentAudience.For(client.Id), StringComparer.Ordinal)))
            {
                return Refuse(client.ClientId, "subject is not a person or the token is not bound to the client", NotAPerson);
            }

            subject = own.Subject!;
            held = own.Scope;
            expiresAt = own.ExpiresAt!.Value;
            parent = own.JwtId;
        }

        var scopes = ExchangeScopes.Resolve(request.Get(OAuthParameters.Scope), held, client.AllowedScopes, out var scopeError);
        if (scopes is null)
        {
            return scopeError!;
        }

        var remaining = TimeSpan.FromSeconds(Math.Floor((expiresAt - timeProvider.GetUtcNow()).TotalSeconds));
        var lifetime = remaining < options.Value.IdJagLifetime ? remaining : options.Value.IdJagLifetime;
        if (lifetime < TimeSpan.FromSeconds(1))
        {
            return TokenExchangeErrors.SubjectTokenExpiring;
        }

        return new ApprovedGrant
        {
            GrantType = GrantTypes.TokenExchange,
            Subject = subject,
            ClientId = client.ClientId,
            Scopes = scopes,
            Audience = audiences[0]!,
            Lifetime = lifetime,
            ParentTokenId = parent,
            IssuedTokenType = TokenTypes.IdJag,
            Resource = resources.Count == 1 ? resources[0] : null,
        };
    }

    private OAuthError Refuse(string clientId, string reason, OAuthError error)
    {
        Log.TokenExchangeRefused(logger, clientId, null, "id-jag: " + reason);
        return error;
    }
}

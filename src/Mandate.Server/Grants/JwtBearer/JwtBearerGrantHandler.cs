// RFC 7523 §2.1 JWT bearer authorization grant (urn:ietf:params:oauth:grant-type:jwt-bearer), with the Identity
// Assertion JWT Authorization Grant (draft-ietf-oauth-identity-assertion-authz-grant, "ID-JAG") as a profile of it.
//  - The client is always authenticated first (TokenEndpoint; RFC 7521 §4.1 lets an AS require it), so client_id in
//    the issued token is the authenticated agent, and an agent without this grant type gets unauthorized_client.
//  - The assertion must come from a trusted issuer; ExternalAssertionValidator applies RFC 7523 §3 items 1-7
//    (signature, exact iss, accepted aud, exp required and short, nbf/iat, single-use jti, allowed subject).
//    Any failure is invalid_grant (§3.1).
//  - sub of the issued token: a person keeps their subject, namespaced as urn:mandate:ext:{issuer-name}:{sub} so it
//    can never collide with an agent id; an issuer with maps-to-agent is a workload issuer, and its assertion yields
//    a token about that agent, accepted only from the agent itself. No act: the agent holds the person's token as
//    the client (client_id), and every later hop adds act through token exchange.
//  - ID-JAG (typ oauth-id-jag+jwt, draft §4.3 "Processing Rules"): aud MUST identify this server's issuer; client_id
//    MUST equal the authenticated client; iat and jti are required; scope = requested ∩ the ID-JAG's scope claim ∩
//    the issuer's grantable scopes ∩ the agent's allowed scopes (an ID-JAG without scope grants none); its resource
//    claim, when present, is the only resource it can be redeemed for.
//  - Plain assertions: scope = requested ∩ the issuer's grantable ∩ the agent's allowed scopes; no scope parameter
//    means all of that intersection. Asking for more is invalid_scope, never a silent narrowing.
//  - Lifetime ≤ the issuer's maximum token lifetime, the agent's and the server's; not tied to the assertion's exp.
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Grants.ClientCredentials;
using Mandate.Server.TrustedIssuers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Mandate.Server.Grants.JwtBearer;

internal sealed class JwtBearerGrantHandler(
    ExternalAssertionValidator validator,
    IssuerUris uris,
    IOptions<MandateServerOptions> options,
    ILogger<JwtBearerGrantHandler> logger) : IGrantHandler
{
    private static readonly IReadOnlySet<string> Accepted = new HashSet<string>(StringComparer.Ordinal) { OAuthParameters.Assertion, OAuthParameters.Scope, OAuthParameters.Resource };

    private readonly TimeSpan _maxLifetime = options.Value.MaxAccessTokenLifetime;

    public string GrantType => GrantTypes.JwtBearer;

    public IReadOnlySet<string> Parameters => Accepted;

    public async ValueTask<GrantResult> ValidateAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var client = request.Client;
        if (request.Get(OAuthParameters.Assertion) is not { Length: > 0 } jwt)
        {
            return JwtBearerErrors.MissingAssertion;
        }

        var assertion = await validator.ValidateAsync(jwt, AssertionUse.Grant, null, cancellationToken).ConfigureAwait(false);
        if (assertion is null)
        {
            return Refuse(client.ClientId, "assertion rejected by the trusted issuer checks", JwtBearerErrors.InvalidAssertion);
        }

        var claims = assertion.Claims;
        var isIdJag = assertion.Type == ExternalAssertionValidator.IdJagType;
        string subject;
        if (assertion.Issuer.MapsToAgentId is { } agentId)
        {
            if (isIdJag || !string.Equals(agentId, client.Id, StringComparison.Ordinal))
            {
                return Refuse(client.ClientId, "a workload issuer's assertion is only accepted from the agent it maps to", JwtBearerErrors.InvalidAssertion);
            }

            subject = agentId;
        }
        else
        {
            subject = assertion.MandateSubject;
        }

        string held;
        StringValues resources = request.GetValues(OAuthParameters.Resource);
        if (isIdJag)
        {
            if (!Contains(claims.Audiences, uris.Issuer) || claims.IssuedAt is null
                || !string.Equals(claims.ClientId, client.ClientId, StringComparison.Ordinal))
            {
                return Refuse(client.ClientId, "ID-JAG aud, iat or client_id does not match this server and the authenticated client", JwtBearerErrors.InvalidAssertion);
            }

            held = Intersect(claims.Scope ?? "", assertion.Issuer.GrantableScopes);
            if (claims.TryGetClaim("resource", out var granted) && granted.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                if (resources.Count == 0)
                {
                    resources = granted.GetString();
                }
                else if (resources.Count != 1 || !string.Equals(resources[0], granted.GetString(), StringComparison.Ordinal))
                {
                    return Refuse(client.ClientId, "resource differs from the ID-JAG's resource claim", JwtBearerErrors.ResourceNotGranted);
                }
            }
        }
        else
        {
            held = string.Join(' ', assertion.Issuer.GrantableScopes);
        }

        var scopes = ResolveScopes(request.Get(OAuthParameters.Scope), held, client.AllowedScopes, out var scopeError);
        if (scopes is null)
        {
            return Refuse(client.ClientId, "scope refused", scopeError!);
        }

        var audience = ClientCredentialsGrantHandler.ResolveAudience(resources, client.AllowedAudiences, out var audienceError);
        if (audience is null)
        {
            return audienceError!;
        }

        var lifetime = Min(Min(client.TokenLifetime, _maxLifetime), assertion.Issuer.MaxTokenLifetime);
        return new ApprovedGrant
        {
            GrantType = GrantTypes.JwtBearer,
            Subject = subject,
            ClientId = client.ClientId,
            Scopes = scopes,
            Audience = audience,
            Lifetime = lifetime,
        };
    }

    /// <summary>requested ∩ held ∩ allowed; null requested means the whole intersection (which must not be empty).</summary>
    private static IReadOnlyList<string>? ResolveScopes(string? requested, string held, IReadOnlyList<string> allowed, out OAuthError? error)
    {
        error = null;
        ScopeSet.TryParse(held, out var heldScopes);
        heldScopes ??= [];
        if (requested is null)
        {
            var common = heldScopes.Where(s => AgentPolicyValidator.Contains(allowed, s)).ToList();
            if (common.Count == 0)
            {
                error = JwtBearerErrors.NoScope;
                return null;
            }

            return common;
        }

        if (!ScopeSet.TryParse(requested, out var wanted))
        {
            error = JwtBearerErrors.MalformedScope;
            return null;
        }

        foreach (var scope in wanted)
        {
            if (!heldScopes.Contains(scope, StringComparer.Ordinal) || !AgentPolicyValidator.Contains(allowed, scope))
            {
                error = JwtBearerErrors.ScopeNotAllowed;
                return null;
            }
        }

        return wanted;
    }

    private static string Intersect(string scope, IReadOnlyList<string> grantable)
    {
        if (!ScopeSet.TryParse(scope, out var own))
        {
            return "";
        }

        return string.Join(' ', own.Where(s => grantable.Contains(s, StringComparer.Ordinal)));
    }

    private static bool Contains(IReadOnlyList<string> values, string value) => values.Contains(value, StringComparer.Ordinal);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private OAuthError Refuse(string clientId, string reason, OAuthError error)
    {
        Log.JwtBearerRefused(logger, clientId, reason);
        return error;
    }
}

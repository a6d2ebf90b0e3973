// RFC 6749 §4.4 client credentials grant, with RFC 8707 resource indicators.
//  - scope (RFC 6749 §3.3): every requested scope must be allowed; a wider request is refused with
//    invalid_scope, never silently narrowed. No scope -> the agent's default scopes, or invalid_scope.
//  - resource (RFC 8707 §2): an absolute URI without fragment that the agent may call, else
//    invalid_target. Deliberate restriction: one resource per request, because every Mandate token has
//    exactly one audience; several resource values -> invalid_target. No resource -> the agent's only
//    audience when it has exactly one, else invalid_target.
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.AuthorizationDetails;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Grants.ClientCredentials;

internal sealed class ClientCredentialsGrantHandler(IOptions<MandateServerOptions> options, AuthorizationDetailsPolicy details) : IGrantHandler
{
    private static readonly IReadOnlySet<string> Accepted = new HashSet<string>(StringComparer.Ordinal) { OAuthParameters.Scope, OAuthParameters.Resource, OAuthParameters.AuthorizationDetails };

    private readonly TimeSpan _maxLifetime = options.Value.MaxAccessTokenLifetime;

    public string GrantType => GrantTypes.ClientCredentials;

    public IReadOnlySet<string> Parameters => Accepted;

    public ValueTask<GrantResult> ValidateAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var agent = request.Client;
        var scopes = ResolveScopes(request.Get(OAuthParameters.Scope), agent.AllowedScopes, agent.DefaultScopes, out var scopeError);
        if (scopes is null)
        {
            return new ValueTask<GrantResult>(scopeError!);
        }

        var audience = ResolveAudience(request.GetValues(OAuthParameters.Resource), agent.AllowedAudiences, out var audienceError);
        if (audience is null)
        {
            return new ValueTask<GrantResult>(audienceError!);
        }

        var grant = new ApprovedGrant
        {
            GrantType = GrantTypes.ClientCredentials,
            Subject = agent.Id,
            ClientId = agent.ClientId,
            Scopes = scopes,
            Audience = audience,
            Lifetime = agent.TokenLifetime < _maxLifetime ? agent.TokenLifetime : _maxLifetime,
        };

        // RFC 9396: authorization_details, when requested, must fit the agent's registered types.
        return request.Get(OAuthParameters.AuthorizationDetails) is null
            ? new ValueTask<GrantResult>(grant)
            : details.ApplyAsync(grant, request, derived: false, cancellationToken);
    }

    private static IReadOnlyList<string>? ResolveScopes(string? requested, IReadOnlyList<string> allowed, IReadOnlyList<string> defaults, out OAuthError? error)
    {
        error = null;
        if (string.IsNullOrEmpty(requested))
        {
            // RFC 6749 §3.3: use a pre-defined default or fail with invalid_scope.
            if (defaults.Count == 0)
            {
                error = ErrorDescriptions.NoScope;
                return null;
            }

            return defaults;
        }

        if (!ScopeSet.TryParse(requested, out var scopes))
        {
            error = ErrorDescriptions.MalformedScope;
            return null;
        }

        for (var i = 0; i < scopes.Count; i++)
        {
            if (!AgentPolicyValidator.Contains(allowed, scopes[i]))
            {
                error = ErrorDescriptions.ScopeNotAllowed;
                return null;
            }
        }

        return scopes;
    }

    internal static string? ResolveAudience(Microsoft.Extensions.Primitives.StringValues resources, IReadOnlyList<string> allowed, out OAuthError? error)
    {
        error = null;
        switch (resources.Count)
        {
            case 0:
                if (allowed.Count == 1)
                {
                    return allowed[0];
                }

                error = allowed.Count == 0 ? ErrorDescriptions.ResourceNotAllowed : ErrorDescriptions.ResourceRequired;
                return null;
            case 1:
                var resource = resources[0];
                // Registered audiences were checked as RFC 8707 URIs when the agent was created, so an
                // exact match needs no parsing. Otherwise compare RFC 3986 §6.2.2-6.2.3 normalized forms
                // ("https://api.example.com" = "https://api.example.com/", as System.Uri clients send it);
                // the token then carries the registered spelling so resource servers see one stable aud.
                if (resource is not null && AgentPolicyValidator.Contains(allowed, resource))
                {
                    return resource;
                }

                if (!AgentPolicyValidator.IsResourceUri(resource))
                {
                    error = ErrorDescriptions.ResourceInvalid;
                    return null;
                }

                var normalized = new Uri(resource!).AbsoluteUri;
                for (var i = 0; i < allowed.Count; i++)
                {
                    if (Uri.TryCreate(allowed[i], UriKind.Absolute, out var candidate) && string.Equals(candidate.AbsoluteUri, normalized, StringComparison.Ordinal))
                    {
                        return allowed[i];
                    }
                }

                error = ErrorDescriptions.ResourceNotAllowed;
                return null;
            default:
                error = ErrorDescriptions.MultipleResources;
                return null;
        }
    }
}

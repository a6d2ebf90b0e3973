// Checks an operator's agent registration before anything is stored. Scopes follow RFC 6749 §3.3
// (scope-token characters); default scopes must be a subset of the allowed scopes; audiences are
// RFC 8707 §2 resource indicators (absolute URI, no fragment); the token lifetime is bounded by the
// server's MaxAccessTokenLifetime.
using Mandate.Protocol;
using Mandate.Server.Grants;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Agents;

internal sealed class AgentPolicyValidator(IOptions<MandateServerOptions> options, GrantHandlerRegistry grants, TimeProvider timeProvider)
{
    private const int MaxListLength = 100;
    private const int MinAgentTokenLifetimeSeconds = 5;
    private const int MaxTextLength = 256;

    /// <summary>Returns null when the registration is acceptable, else the reason.</summary>
    public AgentError? Validate(AgentRegistration registration)
    {
        if (!IsText(registration.Name, required: true))
        {
            return AgentError.Invalid("name is required: 1 to 256 characters without control characters.");
        }

        if (string.IsNullOrWhiteSpace(registration.Owner) || !IsText(registration.Owner, required: true))
        {
            return AgentError.Invalid("owner is required: the person accountable for the agent, 1 to 256 characters without control characters.");
        }

        var scopes = registration.Scopes;
        if (scopes is null || scopes.Count == 0 || scopes.Count > MaxListLength || !AllScopeTokens(scopes))
        {
            return AgentError.Invalid("scopes must list 1 to 100 RFC 6749 §3.3 scope tokens.");
        }

        if (registration.DefaultScopes is { } defaults && (!AllScopeTokens(defaults) || !IsSubset(defaults, scopes)))
        {
            return AgentError.Invalid("default_scopes must be a subset of scopes.");
        }

        var audiences = registration.Audiences;
        if (audiences is null || audiences.Count == 0 || audiences.Count > MaxListLength || !AllResourceUris(audiences))
        {
            return AgentError.Invalid("audiences must list 1 to 100 absolute URIs without fragments (RFC 8707 §2).");
        }

        // An agent may ask for very short-lived tokens (down to 5 s, e.g. for high-risk work or tests of
        // renewal); below that, clock skew between servers would dominate the lifetime.
        var max = options.Value.MaxAccessTokenLifetime;
        if (registration.TokenLifetimeSeconds is { } seconds && (seconds < MinAgentTokenLifetimeSeconds || TimeSpan.FromSeconds(seconds) > max))
        {
            return AgentError.Invalid($"token_lifetime_seconds must be between {MinAgentTokenLifetimeSeconds} and {(int)max.TotalSeconds}.");
        }

        if (registration.ExpiresAt is { } expiresAt && expiresAt <= timeProvider.GetUtcNow())
        {
            return AgentError.Invalid("expires_at must be in the future.");
        }

        if (registration.GrantTypes is { } grantTypes)
        {
            if (grantTypes.Count == 0)
            {
                return AgentError.Invalid("grant_types must not be empty.");
            }

            foreach (var grantType in grantTypes)
            {
                if (grantType is null || !grants.TryGet(grantType, out _))
                {
                    return AgentError.Invalid("grant_types may only contain grant types this server supports.");
                }
            }
        }

        if (registration.Jwks is { } jwks && !AgentKeys.TryParse(jwks, out _, out var jwksError))
        {
            return AgentError.Invalid(jwksError);
        }

        return null;
    }

    /// <summary>RFC 8707 §2: an absolute URI that must not include a fragment component.</summary>
    internal static bool IsResourceUri(string? value) =>
        value is not null && value.Length <= 2048 && value.IndexOf('#') < 0
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        // On Unix, Uri turns "/path" into file:///path; require the scheme to be written out.
        && value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);

    private static bool AllResourceUris(IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            if (!IsResourceUri(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllScopeTokens(IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            if (value is null || value.Length > MaxTextLength || !ScopeSet.IsScopeToken(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSubset(IReadOnlyList<string> subset, IReadOnlyList<string> set)
    {
        foreach (var item in subset)
        {
            if (!Contains(set, item))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsText(string? value, bool required)
    {
        if (value is null)
        {
            return !required;
        }

        if (value.Length == 0 || value.Length > MaxTextLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}

// RFC 7591 §2 client metadata, checked against this server's abilities and the policy of the initial access token
// (RFC 7591 §3: the server may limit what a client registers). Deliberate choices, each answered with
// invalid_client_metadata (§3.2.2):
// - no authorization endpoint, so redirect_uris, response_types and redirect-based grant types are refused, not
//   ignored: a client that needs them must learn at once that it cannot work here;
// - grant_types omitted (or empty) means client_credentials here (§2 defaults to authorization_code, which this server lacks;
//   §3.2.1 lets the server substitute a value, and the response says which);
// - public clients ("none") and jwks_uri are refused; keys come by value in jwks;
// - scope omitted means every scope the initial access token allows;
// - the owner is the initial access token's, else the first contact.
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Grants;

namespace Mandate.Server.Registration;

internal sealed class ClientMetadataValidator(GrantHandlerRegistry grants)
{
    private const int MaxContacts = 10;
    private const int MaxText = 256;
    private const string DefaultName = "dynamically registered client";

    /// <summary>The accepted metadata, or the RFC 7591 §3.2.2 error to send.</summary>
    public (ValidatedClientMetadata? Metadata, OAuthError? Error) Validate(ClientMetadata metadata, RegistrationPolicy policy)
    {
        if (metadata.RedirectUris is { Count: > 0 } || metadata.ResponseTypes is { Count: > 0 }
            || metadata.GrantTypes is { } requested && (requested.Contains("authorization_code") || requested.Contains("implicit")))
        {
            return (null, RegistrationErrors.RedirectBased);
        }

        IReadOnlyList<string> grantTypes = metadata.GrantTypes is null or { Count: 0 } ? [GrantTypes.ClientCredentials] : [.. metadata.GrantTypes.Distinct(StringComparer.Ordinal)];
        if (grantTypes.Count == 0 || grantTypes.Any(g => g is null || !grants.TryGet(g, out _) || !AgentPolicyValidator.Contains(policy.GrantTypes, g)))
        {
            return (null, RegistrationErrors.GrantTypeNotAllowed);
        }

        var method = metadata.TokenEndpointAuthMethod ?? ClientAuthenticationMethods.ClientSecretBasic;
        if (method == "none")
        {
            return (null, RegistrationErrors.PublicClient);
        }

        if (method is not (ClientAuthenticationMethods.ClientSecretBasic or ClientAuthenticationMethods.ClientSecretPost or ClientAuthenticationMethods.PrivateKeyJwt))
        {
            return (null, RegistrationErrors.AuthMethod);
        }

        // RFC 7591 §2: jwks_uri and jwks MUST NOT both be present; this server takes jwks only.
        if (metadata.JwksUri is not null)
        {
            return (null, RegistrationErrors.JwksUri);
        }

        var jwks = metadata.Jwks is { ValueKind: not JsonValueKind.Null } element ? element : (JsonElement?)null;
        if (method == ClientAuthenticationMethods.PrivateKeyJwt && jwks is null)
        {
            return (null, RegistrationErrors.JwksRequired);
        }

        if (method != ClientAuthenticationMethods.PrivateKeyJwt && jwks is not null)
        {
            return (null, RegistrationErrors.JwksWithSecret);
        }

        string? jwksText = null;
        if (jwks is { } keys)
        {
            jwksText = keys.GetRawText();
            if (!AgentKeys.TryParse(jwksText, out _, out var reason))
            {
                return (null, RegistrationErrors.Policy(reason));
            }
        }

        // RFC 7591 §2: scope is a space-separated list of RFC 6749 §3.3 scope values.
        IReadOnlyList<string> scopes = policy.Scopes;
        if (metadata.Scope is not null)
        {
            if (!ScopeSet.TryParse(metadata.Scope, out var parsed) || parsed.Count == 0 || parsed.Any(s => !AgentPolicyValidator.Contains(policy.Scopes, s)))
            {
                return (null, RegistrationErrors.ScopeNotAllowed);
            }

            scopes = parsed;
        }

        if (!IsText(metadata.ClientName) || !IsText(metadata.SoftwareId) || !IsText(metadata.SoftwareVersion)
            || metadata.Contacts is { } contacts && (contacts.Count > MaxContacts || contacts.Any(c => c is null || !IsText(c))))
        {
            return (null, RegistrationErrors.Text);
        }

        var owner = policy.Owner ?? metadata.Contacts?.FirstOrDefault();
        if (owner is null)
        {
            return (null, RegistrationErrors.OwnerRequired);
        }

        return (new ValidatedClientMetadata
        {
            Name = metadata.ClientName ?? metadata.SoftwareId ?? DefaultName,
            Owner = owner,
            Scopes = scopes,
            GrantTypes = grantTypes,
            Jwks = jwksText,
            Stored = new StoredClientMetadata
            {
                TokenEndpointAuthMethod = method,
                SoftwareId = metadata.SoftwareId,
                SoftwareVersion = metadata.SoftwareVersion,
                Contacts = metadata.Contacts,
            },
        }, null);
    }

    private static bool IsText(string? value) => value is null || (value.Length is > 0 and <= MaxText && !value.Any(char.IsControl));
}

// RFC 8414 §2 (authorization server metadata members), RFC 9449 §5.1 (DPoP), RFC 9396 §10 (authorization details):
// member names exactly as the RFCs spell them, for the server that writes the document and every reader.
namespace Mandate.Protocol.Metadata;

/// <summary>Member names of the RFC 8414 authorization server metadata document.</summary>
public static class AuthorizationServerMetadataNames
{
    /// <summary>The RFC 8414 well-known path segment: <c>/.well-known/oauth-authorization-server</c>.</summary>
    public const string WellKnownPath = "/.well-known/oauth-authorization-server";

    public const string Issuer = "issuer";
    public const string TokenEndpoint = "token_endpoint";
    public const string JwksUri = "jwks_uri";
    public const string RegistrationEndpoint = "registration_endpoint";
    public const string GrantTypesSupported = "grant_types_supported";
    public const string TokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported";
    public const string TokenEndpointAuthSigningAlgValuesSupported = "token_endpoint_auth_signing_alg_values_supported";
    public const string RevocationEndpoint = "revocation_endpoint";
    public const string RevocationEndpointAuthMethodsSupported = "revocation_endpoint_auth_methods_supported";
    public const string RevocationEndpointAuthSigningAlgValuesSupported = "revocation_endpoint_auth_signing_alg_values_supported";
    public const string IntrospectionEndpoint = "introspection_endpoint";
    public const string IntrospectionEndpointAuthMethodsSupported = "introspection_endpoint_auth_methods_supported";
    public const string IntrospectionEndpointAuthSigningAlgValuesSupported = "introspection_endpoint_auth_signing_alg_values_supported";
    public const string DpopSigningAlgValuesSupported = "dpop_signing_alg_values_supported";
    public const string AuthorizationDetailsTypesSupported = "authorization_details_types_supported";
}

// GET /.well-known/oauth-authorization-server (RFC 8414 §3) and the same document at
// /.well-known/openid-configuration, because many clients (ASP.NET Core JwtBearer Authority, IdentityModel
// discovery) only look there. The document lists exactly what is supported.
// Deliberate omissions: response_types_supported - RFC 8414 §2 marks it REQUIRED, but Mandate has no
// authorization endpoint, so the list would be empty, and §3.2 says claims with zero elements MUST be
// omitted; RFC 8414 erratum 7793 proposes exactly this for client-credentials-only servers.
// scopes_supported is omitted too: scopes are per agent, and listing them all would leak every agent's policy.
using System.Text.Json;
using Mandate.Protocol.Metadata;
using Mandate.Server.AuthorizationDetails;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.Grants;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Endpoints;

internal sealed class MetadataEndpoint
{
    /// <summary>Algorithms accepted for private_key_jwt client assertions (the Mandate.Jose allow-list).</summary>
    internal static readonly string[] AssertionAlgorithms = ["ES256", "ES384", "PS256", "RS256"];

    private readonly byte[] _document;

    public MetadataEndpoint(IssuerUris uris, GrantHandlerRegistry grants, ClientAuthenticationStep authentication, IOptions<AuthorizationDetailsOptions> details, IOptions<TrustedIssuers.TrustedIssuerOptions> trust, Dpop.DpopProofStep dpop, IOptions<ClientIdMetadata.ClientIdMetadataDocumentOptions> metadataDocuments, IOptions<Registration.ClientRegistrationOptions> registration, Fapi2.Fapi2Profile fapi2, StatusList.StatusListUris? statusLists = null)
    {
        // FAPI 2.0 Security Profile §5.4.1: with the profile on, client assertions are PS256 or ES256.
        IReadOnlyList<string> assertionAlgorithms = fapi2.Enabled ? Fapi2.Fapi2Profile.Algorithms : AssertionAlgorithms;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(AuthorizationServerMetadataNames.Issuer, uris.Issuer);
            writer.WriteString(AuthorizationServerMetadataNames.TokenEndpoint, uris.TokenEndpoint);
            writer.WriteString(AuthorizationServerMetadataNames.JwksUri, uris.JwksUri);
            writer.WriteString(AuthorizationServerMetadataNames.RevocationEndpoint, uris.RevocationEndpoint);
            WriteArray(writer, AuthorizationServerMetadataNames.RevocationEndpointAuthMethodsSupported, authentication.Methods);
            // RFC 8414 §2: the *_auth_signing_alg_values_supported members are REQUIRED when the endpoint accepts
            // private_key_jwt; /revoke and /introspect authenticate clients as /token does.
            var assertions = authentication.Methods.Contains("private_key_jwt");
            if (assertions)
            {
                WriteArray(writer, AuthorizationServerMetadataNames.RevocationEndpointAuthSigningAlgValuesSupported, assertionAlgorithms);
            }

            writer.WriteString(AuthorizationServerMetadataNames.IntrospectionEndpoint, uris.IntrospectionEndpoint);
            WriteArray(writer, AuthorizationServerMetadataNames.IntrospectionEndpointAuthMethodsSupported, authentication.Methods);
            if (assertions)
            {
                WriteArray(writer, AuthorizationServerMetadataNames.IntrospectionEndpointAuthSigningAlgValuesSupported, assertionAlgorithms);
            }

            writer.WriteString("mandate_revocation_feed", uris.RevocationFeed);
            if (statusLists is not null)
            {
                // draft-ietf-oauth-status-list §9.1: where the Status List Tokens are listed (verified with jwks_uri).
                writer.WriteString(Mandate.Protocol.StatusList.StatusListNames.AggregationEndpoint, statusLists.Aggregation);
            }

            if (registration.Value.Enabled)
            {
                // RFC 8414 §2 / RFC 7591 §3: present only while registration is served (it needs an initial access token).
                writer.WriteString(AuthorizationServerMetadataNames.RegistrationEndpoint, uris.RegistrationEndpoint);
            }

            WriteArray(writer, AuthorizationServerMetadataNames.GrantTypesSupported, grants.GrantTypes);
            // draft-ietf-oauth-identity-chaining / ID-JAG §6: the token types token exchange can issue.
            WriteArray(writer, "identity_chaining_requested_token_types_supported",
                trust.Value.IdJagAudiences.Count > 0 ? [Mandate.Protocol.TokenTypes.AccessToken, Mandate.Protocol.TokenTypes.IdJag] : [Mandate.Protocol.TokenTypes.AccessToken]);
            WriteArray(writer, AuthorizationServerMetadataNames.TokenEndpointAuthMethodsSupported, authentication.Methods);
            WriteArray(writer, AuthorizationServerMetadataNames.TokenEndpointAuthSigningAlgValuesSupported, assertionAlgorithms);
            // RFC 9449 §5.1: the proof algorithms the token endpoint accepts.
            WriteArray(writer, AuthorizationServerMetadataNames.DpopSigningAlgValuesSupported, dpop.Algorithms);
            if (details.Value.TypesSupported.Count > 0)
            {
                // RFC 9396 §10; omitted when empty (RFC 8414 §3.2).
                WriteArray(writer, AuthorizationServerMetadataNames.AuthorizationDetailsTypesSupported, [.. details.Value.TypesSupported]);
            }

            if (metadataDocuments.Value.Trust.Count > 0)
            {
                // draft-ietf-oauth-client-id-metadata-document §5; absent while no trust rule admits any URL client id.
                writer.WriteBoolean("client_id_metadata_document_supported", true);
            }

            writer.WriteEndObject();
        }

        _document = buffer.WrittenSpan.ToArray();
    }

    public Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "public, max-age=300";
        return response.Body.WriteAsync(_document, context.RequestAborted).AsTask();
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}

// RFC 8414 §3.2: the metadata response is a JSON object; members a reader does not know are ignored. This is the
// reading side of the document the server writes with AuthorizationServerMetadataNames: the agent SDK, the
// resource-server library and the CLI all read it through this type.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mandate.Protocol.Metadata;

/// <summary>The members of an RFC 8414 authorization server metadata document that Mandate's clients use.</summary>
public sealed class AuthorizationServerMetadata
{
    /// <summary>The <c>issuer</c>: RFC 8414 §3.3 requires it to equal the issuer the document was fetched for.</summary>
    [JsonPropertyName(AuthorizationServerMetadataNames.Issuer)] public string? Issuer { get; init; }

    /// <summary>The <c>token_endpoint</c>.</summary>
    [JsonPropertyName(AuthorizationServerMetadataNames.TokenEndpoint)] public string? TokenEndpoint { get; init; }

    /// <summary>The <c>jwks_uri</c>: where the keys that sign the server's tokens are published.</summary>
    [JsonPropertyName(AuthorizationServerMetadataNames.JwksUri)] public string? JwksUri { get; init; }

    /// <summary>The RFC 7009 <c>revocation_endpoint</c>, when the server has one.</summary>
    [JsonPropertyName(AuthorizationServerMetadataNames.RevocationEndpoint)] public string? RevocationEndpoint { get; init; }

    /// <summary>The RFC 7662 <c>introspection_endpoint</c>, when the server has one.</summary>
    [JsonPropertyName(AuthorizationServerMetadataNames.IntrospectionEndpoint)] public string? IntrospectionEndpoint { get; init; }

    /// <summary>The <c>grant_types_supported</c>, when listed.</summary>
    [JsonPropertyName(AuthorizationServerMetadataNames.GrantTypesSupported)] public IReadOnlyList<string>? GrantTypesSupported { get; init; }

    /// <summary>The RFC 9449 §5.1 <c>dpop_signing_alg_values_supported</c>, when the server accepts DPoP proofs.</summary>
    [JsonPropertyName(AuthorizationServerMetadataNames.DpopSigningAlgValuesSupported)] public IReadOnlyList<string>? DpopSigningAlgValuesSupported { get; init; }

    /// <summary>Reads a metadata document.</summary>
    /// <returns>The document; null when <paramref name="utf8Json"/> is not a JSON object whose known members have the
    /// RFC types (an HTML error page, a truncated body, a number where a URL belongs).</returns>
    public static AuthorizationServerMetadata? Parse(ReadOnlySpan<byte> utf8Json) =>
        ProtocolJsonContext.TryRead(utf8Json, ProtocolJsonContext.Default.AuthorizationServerMetadata);

    /// <summary>The absolute http(s) URL of <paramref name="value"/> (an endpoint member of this document), or null when
    /// it is absent, relative or of another scheme (on Unix a bare path such as <c>/token</c> would otherwise parse as a
    /// <c>file:</c> URI). Whether http is acceptable is the caller's rule.</summary>
    public static Uri? AbsoluteUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;
}

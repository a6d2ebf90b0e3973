using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mandate.Server.Registration;

/// <summary>
/// The client metadata of an RFC 7591 §2 registration request or an RFC 7592 §2.2 update. Fields this server does
/// not use (logo_uri, tos_uri, software_statement, ...) are ignored, as RFC 7591 §2 allows.
/// </summary>
internal sealed class ClientMetadata
{
    [JsonPropertyName("client_id")] public string? ClientId { get; set; }
    [JsonPropertyName("client_secret")] public string? ClientSecret { get; set; }
    [JsonPropertyName("redirect_uris")] public List<string>? RedirectUris { get; set; }
    [JsonPropertyName("response_types")] public List<string>? ResponseTypes { get; set; }
    [JsonPropertyName("grant_types")] public List<string>? GrantTypes { get; set; }
    [JsonPropertyName("token_endpoint_auth_method")] public string? TokenEndpointAuthMethod { get; set; }
    [JsonPropertyName("client_name")] public string? ClientName { get; set; }
    [JsonPropertyName("scope")] public string? Scope { get; set; }
    [JsonPropertyName("contacts")] public List<string>? Contacts { get; set; }
    [JsonPropertyName("software_id")] public string? SoftwareId { get; set; }
    [JsonPropertyName("software_version")] public string? SoftwareVersion { get; set; }
    [JsonPropertyName("jwks")] public JsonElement? Jwks { get; set; }
    [JsonPropertyName("jwks_uri")] public string? JwksUri { get; set; }
}

/// <summary>The registered metadata kept beside the agent (<see cref="Storage.ClientRegistration.Metadata"/>).</summary>
internal sealed class StoredClientMetadata
{
    [JsonPropertyName("token_endpoint_auth_method")] public string TokenEndpointAuthMethod { get; set; } = Mandate.Protocol.ClientAuthenticationMethods.ClientSecretBasic;
    [JsonPropertyName("software_id")] public string? SoftwareId { get; set; }
    [JsonPropertyName("software_version")] public string? SoftwareVersion { get; set; }
    [JsonPropertyName("contacts")] public List<string>? Contacts { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClientMetadata))]
[JsonSerializable(typeof(StoredClientMetadata))]
internal sealed partial class RegistrationJsonContext : JsonSerializerContext;

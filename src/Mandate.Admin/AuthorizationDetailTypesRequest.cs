using System.Text.Json.Serialization;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>Body of <c>PUT /admin/agents/{id}/authorization-details-types</c> and of its <c>GET</c> response.</summary>
internal sealed class AuthorizationDetailTypesDocument
{
    [JsonPropertyName("types")] public List<AuthorizationDetailTypeDocument>? Types { get; set; }
}

/// <summary>One RFC 9396 type registered for an agent.</summary>
internal sealed class AuthorizationDetailTypeDocument
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("fields")] public List<string>? Fields { get; set; }
    [JsonPropertyName("allowed_values")] public Dictionary<string, List<string>>? AllowedValues { get; set; }
}

/// <summary>Source-generated JSON for the authorization-details admin endpoints; unknown members are refused.</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthorizationDetailTypesDocument))]
internal sealed partial class AuthorizationDetailsJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Mandate.Server.Admin;

/// <summary>Contents of <c>{DataDirectory}/admin-credentials.json</c> (architecture §5).</summary>
internal sealed class AdminCredentials
{
    [JsonPropertyName("client_id")] public required string ClientId { get; init; }
    [JsonPropertyName("client_secret")] public required string ClientSecret { get; init; }
    [JsonPropertyName("issuer")] public required string Issuer { get; init; }
}

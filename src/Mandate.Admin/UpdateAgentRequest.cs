using System.Text.Json.Serialization;

namespace Mandate.Admin;

/// <summary>Body of <c>PATCH /admin/agents/{id}</c>: the agent fields an administrator may change after creation.
/// An absent member is left as it is.</summary>
internal sealed class UpdateAgentRequest
{
    /// <summary>"required" or "allowed" (RFC 9449 at the token endpoint).</summary>
    [JsonPropertyName("dpop")] public string? Dpop { get; set; }
}

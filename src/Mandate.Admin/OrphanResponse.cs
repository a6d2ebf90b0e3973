using System.Text.Json.Serialization;
using Mandate.Storage;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>One entry of <c>GET /admin/agents/orphans</c>.</summary>
internal sealed class OrphanResponse
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("created_at")] public required DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("last_used_at")] public DateTimeOffset? LastUsedAt { get; init; }
    [JsonPropertyName("expires_at")] public DateTimeOffset? ExpiresAt { get; init; }
    [JsonPropertyName("reason")] public required string Reason { get; init; }

    public static OrphanResponse From(Agent agent, string reason) => new()
    {
        Id = agent.Id,
        Name = agent.Name,
        Owner = agent.Owner,
        Status = agent.Status.ToString().ToLowerInvariant(),
        CreatedAt = agent.CreatedAt,
        LastUsedAt = agent.LastUsedAt,
        ExpiresAt = agent.ExpiresAt,
        Reason = reason,
    };
}

using System.Text.Json.Serialization;
using Mandate.Storage;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>One audit record in the admin API (GET /admin/audit) and in <c>mandate audit --json</c> lines.</summary>
internal sealed class AuditRecordResponse
{
    [JsonPropertyName("id")] public required long Id { get; init; }
    [JsonPropertyName("timestamp")] public required DateTimeOffset Timestamp { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("agent_id")] public string? AgentId { get; init; }
    [JsonPropertyName("client_id")] public string? ClientId { get; init; }
    [JsonPropertyName("grant_type")] public string? GrantType { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("jti")] public string? TokenId { get; init; }
    [JsonPropertyName("kid")] public string? KeyId { get; init; }
    [JsonPropertyName("scope")] public string? Scopes { get; init; }
    [JsonPropertyName("aud")] public string? Audience { get; init; }
    [JsonPropertyName("lifetime_seconds")] public long? LifetimeSeconds { get; init; }
    [JsonPropertyName("client_address")] public string? ClientAddress { get; init; }
    [JsonPropertyName("user_agent")] public string? UserAgent { get; init; }
    [JsonPropertyName("trace_id")] public string? TraceId { get; init; }
    [JsonPropertyName("span_id")] public string? SpanId { get; init; }
    [JsonPropertyName("details")] public string? Details { get; init; }

    public static AuditRecordResponse From(AuditRecord record) => new()
    {
        Id = record.Id,
        Timestamp = record.Timestamp,
        Type = record.Type,
        AgentId = record.AgentId,
        ClientId = record.ClientId,
        GrantType = record.GrantType,
        Error = record.Error,
        Reason = record.Reason,
        TokenId = record.TokenId,
        KeyId = record.KeyId,
        Scopes = record.Scopes,
        Audience = record.Audience,
        LifetimeSeconds = record.LifetimeSeconds,
        ClientAddress = record.ClientAddress,
        UserAgent = record.UserAgent,
        TraceId = record.TraceId,
        SpanId = record.SpanId,
        Details = record.Details,
    };
}

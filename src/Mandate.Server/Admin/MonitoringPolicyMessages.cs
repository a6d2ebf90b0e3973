using System.Text.Json.Serialization;
using Mandate.Storage;

namespace Mandate.Server.Admin;

/// <summary>Body of <c>PUT /admin/agents/{id}/monitoring</c>: the whole policy (absent members mean "none").</summary>
internal sealed class MonitoringPolicyRequest
{
    /// <summary><c>HH-HH</c>, e.g. <c>08-18</c> (start inclusive, end exclusive, 00–24; start above end wraps past midnight), or null.</summary>
    [JsonPropertyName("allowed_hours")] public string? AllowedHours { get; set; }

    /// <summary>IANA time zone of <see cref="AllowedHours"/>; null means UTC.</summary>
    [JsonPropertyName("time_zone")] public string? TimeZone { get; set; }

    [JsonPropertyName("allowed_cidrs")] public List<string>? AllowedCidrs { get; set; }

    [JsonPropertyName("auto_suspend")] public bool AutoSuspend { get; set; }
}

/// <summary>Response of <c>GET/PUT /admin/agents/{id}/monitoring</c>.</summary>
internal sealed class MonitoringPolicyResponse
{
    [JsonPropertyName("agent_id")] public required string AgentId { get; init; }
    [JsonPropertyName("allowed_hours")] public string? AllowedHours { get; init; }
    [JsonPropertyName("time_zone")] public string? TimeZone { get; init; }
    [JsonPropertyName("allowed_cidrs")] public required IReadOnlyList<string> AllowedCidrs { get; init; }
    [JsonPropertyName("auto_suspend")] public bool AutoSuspend { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset? UpdatedAt { get; init; }

    public static MonitoringPolicyResponse From(string agentId, AgentMonitoringPolicy? policy) => new()
    {
        AgentId = agentId,
        AllowedHours = policy is { AllowedHoursStart: { } start, AllowedHoursEnd: { } end }
            ? start.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "-" + end.ToString("00", System.Globalization.CultureInfo.InvariantCulture)
            : null,
        TimeZone = policy?.TimeZone,
        AllowedCidrs = policy?.AllowedCidrs ?? [],
        AutoSuspend = policy?.AutoSuspend ?? false,
        UpdatedAt = policy?.UpdatedAt,
    };
}

/// <summary>Source-generated JSON of the monitoring-policy endpoint; unknown members are refused.</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(MonitoringPolicyRequest))]
[JsonSerializable(typeof(MonitoringPolicyResponse))]
internal sealed partial class MonitoringJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using Mandate.Storage;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>Body of <c>PUT /admin/agents/{id}/monitoring</c>: the whole policy (absent members mean "none").</summary>
internal sealed class MonitoringPolicyRequest
{
    /// <summary><c>HH-HH</c>, e.g. <c>08-18</c> (start inclusive, end exclusive, 00–24; start above end wraps past midnight), or null.</summary>
    [JsonPropertyName("allowed_hours")] public string? AllowedHours { get; set; }

    /// <summary>IANA time zone of <see cref="AllowedHours"/>; null means UTC.</summary>
    [JsonPropertyName("time_zone")] public string? TimeZone { get; set; }

    [JsonPropertyName("allowed_cidrs")] public List<string>? AllowedCidrs { get; set; }

    /// <summary><c>enforce</c> (refuse a token request outside the hours) or <c>alert</c> (alert only); null means <c>enforce</c>.</summary>
    [JsonPropertyName("allowed_hours_mode")] public string? AllowedHoursMode { get; set; }

    /// <summary><c>enforce</c> (refuse a token request from outside the networks) or <c>alert</c> (alert only); null means <c>enforce</c>.</summary>
    [JsonPropertyName("allowed_cidrs_mode")] public string? AllowedCidrsMode { get; set; }

    /// <summary>Most token requests per UTC minute (1–1,000,000), or null for no limit.</summary>
    [JsonPropertyName("tokens_per_minute")] public int? TokensPerMinute { get; set; }

    /// <summary>Most token requests per UTC day (1–100,000,000), or null for no limit.</summary>
    [JsonPropertyName("tokens_per_day")] public int? TokensPerDay { get; set; }

    /// <summary>Most live refresh-token families (0–1,000,000; 0 or null for no limit).</summary>
    [JsonPropertyName("max_token_families")] public int? MaxTokenFamilies { get; set; }

    [JsonPropertyName("auto_suspend")] public bool AutoSuspend { get; set; }
}

/// <summary>Response of <c>GET/PUT /admin/agents/{id}/monitoring</c>.</summary>
internal sealed class MonitoringPolicyResponse
{
    [JsonPropertyName("agent_id")] public required string AgentId { get; init; }
    [JsonPropertyName("allowed_hours")] public string? AllowedHours { get; init; }
    [JsonPropertyName("time_zone")] public string? TimeZone { get; init; }
    [JsonPropertyName("allowed_cidrs")] public required IReadOnlyList<string> AllowedCidrs { get; init; }
    [JsonPropertyName("allowed_hours_mode")] public required string AllowedHoursMode { get; init; }
    [JsonPropertyName("allowed_cidrs_mode")] public required string AllowedCidrsMode { get; init; }
    [JsonPropertyName("tokens_per_minute")] public int? TokensPerMinute { get; init; }
    [JsonPropertyName("tokens_per_day")] public int? TokensPerDay { get; init; }
    [JsonPropertyName("max_token_families")] public int? MaxTokenFamilies { get; init; }

    /// <summary>The agent's refresh-token families live now (not expired, not revoked), counted from the store.</summary>
    [JsonPropertyName("live_token_families")] public int LiveTokenFamilies { get; init; }
    [JsonPropertyName("auto_suspend")] public bool AutoSuspend { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset? UpdatedAt { get; init; }

    public static MonitoringPolicyResponse From(string agentId, AgentMonitoringPolicy? policy, int liveTokenFamilies) => new()
    {
        LiveTokenFamilies = liveTokenFamilies,
        AgentId = agentId,
        AllowedHours = policy is { AllowedHoursStart: { } start, AllowedHoursEnd: { } end }
            ? start.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "-" + end.ToString("00", System.Globalization.CultureInfo.InvariantCulture)
            : null,
        TimeZone = policy?.TimeZone,
        AllowedCidrs = policy?.AllowedCidrs ?? [],
        AllowedHoursMode = ModeName(policy?.HoursMode ?? PolicyRuleMode.Enforce),
        AllowedCidrsMode = ModeName(policy?.NetworksMode ?? PolicyRuleMode.Enforce),
        TokensPerMinute = policy?.TokensPerMinute,
        TokensPerDay = policy?.TokensPerDay,
        MaxTokenFamilies = policy?.MaxTokenFamilies,
        AutoSuspend = policy?.AutoSuspend ?? false,
        UpdatedAt = policy?.UpdatedAt,
    };

    /// <summary>The wire name of a rule mode: <c>enforce</c> or <c>alert</c>.</summary>
    public static string ModeName(PolicyRuleMode mode) => mode == PolicyRuleMode.AlertOnly ? "alert" : "enforce";

    /// <summary>Reads a rule mode from the wire; null means <see cref="PolicyRuleMode.Enforce"/>. False for any other text.</summary>
    public static bool TryParseMode(string? name, out PolicyRuleMode mode)
    {
        mode = PolicyRuleMode.Enforce;
        switch (name)
        {
            case null or "enforce":
                return true;
            case "alert":
                mode = PolicyRuleMode.AlertOnly;
                return true;
            default:
                return false;
        }
    }
}

/// <summary>Source-generated JSON of the monitoring-policy endpoint; unknown members are refused.</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(MonitoringPolicyRequest))]
[JsonSerializable(typeof(MonitoringPolicyResponse))]
internal sealed partial class MonitoringJsonContext : JsonSerializerContext;

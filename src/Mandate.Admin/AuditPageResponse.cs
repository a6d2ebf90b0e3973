using System.Text.Json.Serialization;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>GET /admin/audit: one page of records, oldest first (newest first with <c>order=newest</c>), and the cursor for the next page.</summary>
internal sealed class AuditPageResponse
{
    [JsonPropertyName("records")] public required List<AuditRecordResponse> Records { get; init; }

    /// <summary>Pass as <c>after</c> to get the next page; null when this page was the last.</summary>
    [JsonPropertyName("next_after")] public long? NextAfter { get; init; }

    /// <summary>With <c>order=newest</c>: pass as <c>before</c> to get the next (older) page; null when this page was the last.</summary>
    [JsonPropertyName("next_before")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? NextBefore { get; init; }
}

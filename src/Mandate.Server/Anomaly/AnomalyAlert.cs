using Mandate.Storage;

namespace Mandate.Server.Anomaly;

/// <summary>
/// One alert raised by an anomaly rule. Holds identifiers only (agent, jti, network, scope names), never a
/// token or secret value.
/// </summary>
internal sealed record AnomalyAlert
{
    /// <summary>Random id of this alert (32 hex digits); the webhook's idempotency key.</summary>
    public required string Id { get; init; }

    /// <summary>The rule, e.g. <c>rate_spike</c>; the audit type is <c>alert.</c> + rule.</summary>
    public required string Rule { get; init; }

    public required AlertSeverity Severity { get; init; }

    /// <summary>When the triggering request happened (server clock, UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public required string AgentId { get; init; }

    public string? ClientId { get; init; }

    /// <summary>One operator-facing sentence.</summary>
    public required string Summary { get; init; }

    /// <summary>What repeats are suppressed by (a network, an hour, a scope); null means the rule itself.</summary>
    public string? Subject { get; init; }

    /// <summary>The triggering record's jti, client address and trace id.</summary>
    public string? TokenId { get; init; }

    public string? ClientAddress { get; init; }

    public string? TraceId { get; init; }

    /// <summary>Rule-specific facts, written as a JSON object of strings.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    /// <summary>Builds an alert for <paramref name="record"/>.</summary>
    public static AnomalyAlert For(AuditRecord record, string agentId, string rule, AlertSeverity severity, string summary, string? subject, params (string Name, string Value)[] details) => new()
    {
        Id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
        Rule = rule,
        Severity = severity,
        Timestamp = record.Timestamp,
        AgentId = agentId,
        ClientId = record.ClientId,
        Summary = summary,
        Subject = subject,
        TokenId = record.TokenId,
        ClientAddress = record.ClientAddress,
        TraceId = record.TraceId,
        Details = [.. details.Select(static d => KeyValuePair.Create(d.Name, d.Value))],
    };
}

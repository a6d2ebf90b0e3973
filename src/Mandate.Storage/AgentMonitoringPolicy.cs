namespace Mandate.Storage;

/// <summary>
/// Per-agent anomaly-monitoring policy, kept apart from <see cref="Agent"/>: the hours the agent may work
/// (in an IANA time zone), the networks it may call from, and whether a high-severity alert may suspend it.
/// </summary>
public sealed record AgentMonitoringPolicy
{
    /// <summary>The agent this policy belongs to.</summary>
    public required string AgentId { get; init; }

    /// <summary>First allowed hour of day (0–23, inclusive) in <see cref="TimeZone"/>, or null for any hour.</summary>
    public int? AllowedHoursStart { get; init; }

    /// <summary>End of the allowed hours (1–24, exclusive) in <see cref="TimeZone"/>; may be below the start (overnight window).</summary>
    public int? AllowedHoursEnd { get; init; }

    /// <summary>IANA time zone of the allowed hours (e.g. <c>Europe/Paris</c>); null means UTC.</summary>
    public string? TimeZone { get; init; }

    /// <summary>CIDR blocks the agent may call from (e.g. <c>10.0.0.0/8</c>); empty means no allow-list.</summary>
    public IReadOnlyList<string> AllowedCidrs { get; init; } = [];

    /// <summary>True when a high-severity alert may suspend this agent (the server option must also allow it).</summary>
    public bool AutoSuspend { get; init; }

    /// <summary>When the policy was last written (server clock, UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

namespace Mandate.Storage;

/// <summary>
/// Per-agent access and monitoring policy, kept apart from <see cref="Agent"/>: the hours the agent may work
/// (in an IANA time zone), the networks it may call from, whether each of these two rules is enforced at the
/// token endpoint or only alerted on, and whether a high-severity alert may suspend the agent.
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

    /// <summary>Whether a request outside the allowed hours is refused or only alerted on. Default: <see cref="PolicyRuleMode.Enforce"/>.</summary>
    public PolicyRuleMode HoursMode { get; init; }

    /// <summary>Whether a request from outside <see cref="AllowedCidrs"/> is refused or only alerted on. Default: <see cref="PolicyRuleMode.Enforce"/>.</summary>
    public PolicyRuleMode NetworksMode { get; init; }

    /// <summary>Most token requests the agent may make per minute (fixed UTC minute, counted across servers sharing the store), or null for no limit.</summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>Most token requests the agent may make per UTC day (counted across servers sharing the store), or null for no limit.</summary>
    public int? TokensPerDay { get; init; }

    /// <summary>Most refresh-token families the agent may hold live at once (not expired, not revoked; counted across
    /// servers sharing the store), or null for no limit. A rotation within a live family is never refused.</summary>
    public int? MaxTokenFamilies { get; init; }

    /// <summary>True when a high-severity alert may suspend this agent (the server option must also allow it).</summary>
    public bool AutoSuspend { get; init; }

    /// <summary>When the policy was last written (server clock, UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

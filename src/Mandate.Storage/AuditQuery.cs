namespace Mandate.Storage;

/// <summary>Filters for <see cref="IAuditStore.QueryAsync"/>; every null filter matches everything.</summary>
public sealed record AuditQuery
{
    /// <summary>Matches records whose <see cref="AuditRecord.AgentId"/> or <see cref="AuditRecord.ClientId"/> equals this (ordinal).</summary>
    public string? Agent { get; init; }

    /// <summary>Matches records at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Matches records strictly before this instant (with <see cref="Since"/>: the half-open range [Since, Until)).</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Matches records of exactly this type, or of any type under it when it ends with <c>.</c> (e.g. <c>token.</c>).</summary>
    public string? Type { get; init; }

    /// <summary>Matches records with an <see cref="AuditRecord.Id"/> greater than this (paging).</summary>
    public long? AfterId { get; init; }

    /// <summary>Matches records with an <see cref="AuditRecord.Id"/> less than this (paging backwards with <see cref="NewestFirst"/>).</summary>
    public long? BeforeId { get; init; }

    /// <summary>Returns the newest matching records first (descending id) instead of the oldest first.</summary>
    public bool NewestFirst { get; init; }

    /// <summary>Most records returned, oldest first (newest first with <see cref="NewestFirst"/>).</summary>
    /// <value>Between 1 and 100,000. Default: 1,000.</value>
    public int Limit { get; init; } = 1000;
}

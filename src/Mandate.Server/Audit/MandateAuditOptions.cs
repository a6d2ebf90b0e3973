namespace Mandate.Server.Audit;

/// <summary>Audit log settings, under <see cref="MandateServerOptions.Audit"/>.</summary>
public sealed class MandateAuditOptions
{
    /// <summary>
    /// <see cref="AuditMode.Durable"/>: a token is returned only after its audit record is committed.
    /// <see cref="AuditMode.Off"/>: nothing is audited (benchmark comparisons only; logged as a warning).
    /// </summary>
    /// <value>Default: <see cref="AuditMode.Durable"/>.</value>
    public AuditMode Mode { get; set; } = AuditMode.Durable;

    /// <summary>Most records committed in one transaction; more queued records wait for the next commit.</summary>
    /// <value>Between 1 and 100,000. Default: 4,096.</value>
    public int MaxBatchSize { get; set; } = 4096;

    /// <summary>How long records are kept; older ones are deleted by a background sweep. Null keeps them forever.</summary>
    /// <value>At least 1 hour, or null. Default: 90 days.</value>
    public TimeSpan? Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the retention sweep runs.</summary>
    /// <value>Between 1 minute and 1 day. Default: 1 hour.</value>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}

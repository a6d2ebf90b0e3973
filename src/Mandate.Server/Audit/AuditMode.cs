namespace Mandate.Server.Audit;

/// <summary>Whether audit records are written. See <see cref="MandateAuditOptions.Mode"/>.</summary>
public enum AuditMode
{
    /// <summary>Every record is committed durably before the action it records completes (default).</summary>
    Durable = 0,

    /// <summary>
    /// No audit records are written at all. Meant only for benchmark comparison runs; start-up logs a
    /// warning, and anomaly detection (which reads the audit stream) sees nothing.
    /// </summary>
    Off = 1,
}

namespace Mandate.Server.Anomaly;

/// <summary>
/// One anomaly rule. Rules run one record at a time on the detector's single loop (never on a request
/// thread), so per-agent state needs no locks.
/// </summary>
internal interface IAnomalyRule
{
    /// <summary>Adds zero or more alerts for <paramref name="input"/> to <paramref name="alerts"/>.</summary>
    ValueTask EvaluateAsync(AnomalyInput input, List<AnomalyAlert> alerts, CancellationToken cancellationToken);
}

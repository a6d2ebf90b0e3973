using Mandate.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mandate.Server.Health;

/// <summary>
/// <c>/readyz</c>: the store answers a read. Uses the audit store because no token can be issued without
/// it (durable audit), and because the query (an empty page past the last id) is a single index probe
/// on every provider. Never throws: a store failure is reported as Unhealthy.
/// </summary>
internal sealed class StoreReadinessCheck(IAuditStore store) : IHealthCheck
{
    public const string Tag = "ready";

    private static readonly AuditQuery Probe = new() { AfterId = long.MaxValue, Limit = 1 };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.QueryAsync(Probe, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The store is reachable.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception text may hold a path; the probe answer only says "unhealthy".
            return HealthCheckResult.Unhealthy("The store is not reachable.", ex);
        }
    }
}

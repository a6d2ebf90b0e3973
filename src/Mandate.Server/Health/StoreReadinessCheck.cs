using Mandate.Server.Faults;
using Mandate.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Health;

/// <summary>
/// <c>/readyz</c>: the store answers a read and accepts a write, and no request has met damaged data. The read uses the
/// audit store because no token can be issued without it (durable audit), and its query (an empty page past the last id)
/// is a single index probe on every provider. The write is <see cref="IStoreHealth.ProbeWriteAsync"/>, committed at most
/// once per <see cref="MandateServerOptions.ReadinessWriteProbeInterval"/>; between writes the last outcome stands.
/// Never throws: a store failure is reported as Unhealthy (503 with Retry-After).
/// </summary>
internal sealed class StoreReadinessCheck(
    IAuditStore store,
    IStoreHealth health,
    StoreFaultState faults,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<StoreReadinessCheck> logger) : IHealthCheck
{
    public const string Tag = "ready";

    private static readonly AuditQuery Probe = new() { AfterId = long.MaxValue, Limit = 1 };

    private readonly SemaphoreSlim _writeProbe = new(1, 1);
    private long _lastWriteProbe;
    private bool _lastWriteSucceeded;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (faults.CorruptionSeen)
        {
            return HealthCheckResult.Unhealthy("The store reported damaged data; restore it from a backup.");
        }

        try
        {
            await store.QueryAsync(Probe, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception text may hold a path; the probe answer only says "unhealthy".
            return HealthCheckResult.Unhealthy("The store is not reachable.", ex);
        }

        return await CanWriteAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy("The store is reachable and writable.")
            : HealthCheckResult.Unhealthy("The store cannot be written.");
    }

    private async Task<bool> CanWriteAsync(CancellationToken cancellationToken)
    {
        await _writeProbe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = timeProvider.GetTimestamp();
            if (_lastWriteProbe != 0 && timeProvider.GetElapsedTime(_lastWriteProbe, now) < options.Value.ReadinessWriteProbeInterval)
            {
                return _lastWriteSucceeded;
            }

            try
            {
                await health.ProbeWriteAsync(cancellationToken).ConfigureAwait(false);
                _lastWriteSucceeded = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (health.Classify(ex) == StoreFault.Corrupt)
                {
                    faults.MarkCorrupt();
                }

                FaultLog.WriteProbeFailed(logger, FaultText.Of(ex));
                _lastWriteSucceeded = false;
            }

            _lastWriteProbe = now;
            return _lastWriteSucceeded;
        }
        finally
        {
            _writeProbe.Release();
        }
    }
}

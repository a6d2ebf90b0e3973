// By policy (MandateServerOptions.SuspendOrphans) suspends orphaned agents automatically, every
// OrphanCheckInterval on the injected TimeProvider. Suspension revokes their outstanding tokens (not-before mark)
// and goes through AgentService, so it is recorded like any lifecycle change. Admin agents are only listed.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Agents;

internal sealed class OrphanSweepService(
    OrphanDetector detector,
    AgentService agents,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<OrphanSweepService> logger) : BackgroundService
{
    /// <summary>Suspends every active, non-exempt orphan when <see cref="MandateServerOptions.SuspendOrphans"/> is set.</summary>
    /// <returns>The ids suspended.</returns>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken cancellationToken)
    {
        var suspended = new List<string>();
        if (!options.Value.SuspendOrphans)
        {
            return suspended;
        }

        await foreach (var (agent, reason) in detector.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (agent.Status != Mandate.Storage.AgentStatus.Active || OrphanDetector.IsExempt(agent))
            {
                continue;
            }

            var outcome = await agents.SuspendAsync(agent.Id, cancellationToken, actorClientId: null, reason: "orphan-" + reason).ConfigureAwait(false);
            if (outcome.Agent is not null)
            {
                Log.AgentChanged(logger, agent.Id, "suspended as orphan (" + reason + ")", null);
                suspended.Add(agent.Id);
            }
        }

        return suspended;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OrphanCheckInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is InvalidOperationException or IOException or System.Data.Common.DbException)
                {
                    Log.OrphanSweepFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

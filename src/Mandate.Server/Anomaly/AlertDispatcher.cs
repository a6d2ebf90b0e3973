// Sends each alert to the structured log, the mandate.alerts counter, the audit log (alert.<rule>) and the
// webhook queue, after suppressing repeats; and, for high-severity alerts when both the server option and
// the agent's policy allow it, suspends the agent through AgentService (which revokes its tokens).
using Mandate.Server.Agents;
using Mandate.Server.Audit;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

internal sealed class AlertDispatcher(
    IAuditSink audit,
    AlertMetrics metrics,
    AlertWebhookSender webhook,
    AgentService agents,
    IOptions<AnomalyOptions> options,
    ILogger<AlertDispatcher> logger)
{
    private const int MaxSuppressed = 100_000;

    // Only touched from the detector's single loop.
    private readonly Dictionary<(string AgentId, string Rule, string? Subject), DateTimeOffset> _suppressedUntil = [];

    /// <summary>Raises <paramref name="alert"/> unless the same one was raised within <see cref="AnomalyOptions.SuppressRepeatsFor"/>.</summary>
    /// <returns>False when suppressed.</returns>
    public async Task<bool> DispatchAsync(AnomalyAlert alert, AnomalyInput input, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var key = (alert.AgentId, alert.Rule, alert.Subject);
        if (_suppressedUntil.TryGetValue(key, out var until) && alert.Timestamp < until)
        {
            return false;
        }

        if (_suppressedUntil.Count >= MaxSuppressed)
        {
            _suppressedUntil.Clear();
        }

        _suppressedUntil[key] = alert.Timestamp + settings.SuppressRepeatsFor;
        AnomalyLog.AlertRaised(logger, alert.Id, alert.Rule, alert.Severity, alert.AgentId, alert.Summary);
        metrics.Raised(alert.Rule, alert.Severity);

        var suspended = alert.Severity == AlertSeverity.High && settings.AutoSuspend && input.Policy is { AutoSuspend: true }
            && input.Agent is { Status: AgentStatus.Active }
            && await SuspendAsync(alert).ConfigureAwait(false);
        var json = AlertJson.Write(alert, suspended);
        try
        {
            await audit.WriteAsync(new AuditRecord
            {
                Timestamp = alert.Timestamp,
                Type = AnomalyRules.AuditTypePrefix + alert.Rule,
                AgentId = alert.AgentId,
                ClientId = alert.ClientId,
                Reason = alert.Summary,
                TokenId = alert.TokenId,
                ClientAddress = alert.ClientAddress,
                TraceId = alert.TraceId,
                Details = json,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditUnavailableException exception)
        {
            AnomalyLog.AlertNotAudited(logger, exception, alert.Id, alert.Rule);
        }

        webhook.Enqueue(alert.Id, json);
        return true;
    }

    private async Task<bool> SuspendAsync(AnomalyAlert alert)
    {
        // Not cancellable: once decided, the suspension and its revocation must complete.
        var outcome = await agents.SuspendAsync(alert.AgentId, CancellationToken.None, actorClientId: null, reason: "anomaly-" + alert.Rule).ConfigureAwait(false);
        if (outcome.Agent is null)
        {
            AnomalyLog.AutoSuspendFailed(logger, alert.AgentId, alert.Id, outcome.Error?.Description ?? "unknown");
            return false;
        }

        AnomalyLog.AgentAutoSuspended(logger, alert.AgentId, alert.Id, alert.Rule);
        return true;
    }
}

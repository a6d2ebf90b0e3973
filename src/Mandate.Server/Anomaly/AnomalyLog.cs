using Microsoft.Extensions.Logging;

namespace Mandate.Server.Anomaly;

/// <summary>Log events 6400–6419 of anomaly detection and alert delivery. Never a token or secret value.</summary>
internal static partial class AnomalyLog
{
    [LoggerMessage(6400, LogLevel.Warning, "Anomaly alert {AlertId}: {Rule} ({Severity}) for agent {AgentId}: {Summary}")]
    public static partial void AlertRaised(ILogger logger, string alertId, string rule, AlertSeverity severity, string agentId, string summary);

    [LoggerMessage(6401, LogLevel.Warning, "Agent {AgentId} suspended automatically by alert {AlertId} ({Rule}).")]
    public static partial void AgentAutoSuspended(ILogger logger, string agentId, string alertId, string rule);

    [LoggerMessage(6402, LogLevel.Error, "Automatic suspension of agent {AgentId} after alert {AlertId} failed: {Error}")]
    public static partial void AutoSuspendFailed(ILogger logger, string agentId, string alertId, string error);

    [LoggerMessage(6403, LogLevel.Error, "Alert {AlertId} ({Rule}) could not be written to the audit log.")]
    public static partial void AlertNotAudited(ILogger logger, Exception exception, string alertId, string rule);

    [LoggerMessage(6404, LogLevel.Error, "Anomaly rule {Rule} failed on audit record {RecordType}.")]
    public static partial void RuleFailed(ILogger logger, Exception exception, string rule, string recordType);

    [LoggerMessage(6405, LogLevel.Warning, "Anomaly detection fell behind: {Dropped} audit records were dropped unchecked so far (queue full).")]
    public static partial void RecordsDropped(ILogger logger, long dropped);

    [LoggerMessage(6406, LogLevel.Warning, "Alert webhook attempt {Attempt} for alert {AlertId} failed: {Failure}. Retrying in {Delay}.")]
    public static partial void WebhookAttemptFailed(ILogger logger, int attempt, string alertId, string failure, TimeSpan delay);

    [LoggerMessage(6407, LogLevel.Error, "Alert webhook gave up on alert {AlertId} after {Attempts} attempts; last failure: {Failure}.")]
    public static partial void WebhookGaveUp(ILogger logger, string alertId, int attempts, string failure);

    [LoggerMessage(6408, LogLevel.Warning, "Alert webhook queue is full; alert {AlertId} is not delivered to the webhook (it is logged and audited).")]
    public static partial void WebhookQueueFull(ILogger logger, string alertId);

    [LoggerMessage(6409, LogLevel.Debug, "Alert {AlertId} delivered to the webhook on attempt {Attempt}.")]
    public static partial void WebhookDelivered(ILogger logger, string alertId, int attempt);

    [LoggerMessage(6410, LogLevel.Information, "Monitoring policy of agent {AgentId} set by {Actor}.")]
    public static partial void PolicyChanged(ILogger logger, string agentId, string actor);
}

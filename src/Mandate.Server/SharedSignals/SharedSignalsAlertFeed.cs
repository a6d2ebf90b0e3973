// Sends a CAEP 1.0 §3.8 risk-level-change SET for each high-severity anomaly alert. Alerts are read from the
// committed audit log (alert.<rule> records, whose details carry the severity) through the audit writer's batch
// observer, which only copies matching records into a bounded queue; this service publishes them off that loop.
// sub_id is the agent (iss_sub); principal USER (the agent is the account the alert is about); current_level HIGH;
// risk_reason the rule that fired. A full queue drops the SET and logs it (event 7561).
using System.Text.Json;
using System.Threading.Channels;
using Mandate.Server.Audit;
using Mandate.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsAlertFeed(SecurityEventPublisher publisher, IssuerUris issuer, ILogger<SharedSignalsAlertFeed> logger) : BackgroundService, IAuditBatchObserver
{
    private const string AlertPrefix = "alert.";

    private readonly Channel<AuditRecord> _queue = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(1024) { SingleReader = true });

    public void OnCommitted(IReadOnlyList<AuditRecord> records)
    {
        foreach (var record in records)
        {
            if (record.Type.StartsWith(AlertPrefix, StringComparison.Ordinal) && record.AgentId is not null && !_queue.Writer.TryWrite(record))
            {
                SharedSignalsLog.AlertDropped(logger, record.AgentId);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var record in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!IsHigh(record.Details))
                {
                    continue;
                }

                var rule = record.Type[AlertPrefix.Length..];
                var securityEvent = new SecurityEvent(SharedSignalsNames.RiskLevelChange, SubjectIdentifier.IssuerSubject(issuer.Issuer, record.AgentId!), record.Timestamp, writer =>
                {
                    writer.WriteString("principal", "USER");
                    writer.WriteString("current_level", "HIGH");
                    writer.WriteString("risk_reason", rule);
                }, "alert-" + record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                try
                {
                    await publisher.PublishAsync(securityEvent, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    SharedSignalsLog.PublishFailed(logger, exception, SharedSignalsNames.RiskLevelChange);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private static bool IsHigh(string? details)
    {
        if (details is null)
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(details);
            return json.RootElement.TryGetProperty("severity", out var severity) && severity.ValueKind == JsonValueKind.String && severity.GetString() == "high";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

using System.Diagnostics.Metrics;

namespace Mandate.Server.Anomaly;

/// <summary>The <c>mandate.alerts</c> counter on the <c>Mandate.Server</c> meter, tagged <c>rule</c> and <c>severity</c>.</summary>
internal sealed class AlertMetrics
{
    public const string AlertsInstrument = "mandate.alerts";

    private readonly Counter<long> _alerts;

    public AlertMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServerMetrics.MeterName);
        _alerts = meter.CreateCounter<long>(AlertsInstrument, unit: "{alert}", description: "Anomaly alerts raised, by rule and severity.");
    }

    public void Raised(string rule, AlertSeverity severity) => _alerts.Add(1,
        new KeyValuePair<string, object?>("rule", rule),
        new KeyValuePair<string, object?>("severity", AlertJson.Severity(severity)));
}

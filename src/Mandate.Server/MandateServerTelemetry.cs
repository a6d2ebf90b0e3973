namespace Mandate.Server;

/// <summary>The stable names under which the server reports telemetry (docs/observability.md). A host that exports
/// telemetry subscribes to them, e.g. <c>AddMeter(MandateServerTelemetry.MeterName)</c> with OpenTelemetry.</summary>
public static class MandateServerTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>Mandate.Server</c>.</summary>
    public const string MeterName = "Mandate.Server";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>Mandate.Server</c>.</summary>
    public const string ActivitySourceName = "Mandate.Server";
}

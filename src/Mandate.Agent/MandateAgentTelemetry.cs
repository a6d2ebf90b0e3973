namespace Mandate.Agent;

/// <summary>The stable names under which the agent SDK reports telemetry (docs/observability.md).</summary>
public static class MandateAgentTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>Mandate.Agent</c>.</summary>
    public const string MeterName = "Mandate.Agent";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>Mandate.Agent</c>.</summary>
    public const string ActivitySourceName = "Mandate.Agent";
}

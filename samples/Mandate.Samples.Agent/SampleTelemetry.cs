// OTLP export for the sample agent, only when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/observability.md): the
// Mandate.Agent meter and activity source plus HttpClient's own, so a trace shows the token acquisition and the
// API call, and continues into the server and the API through the W3C traceparent header HttpClient sends.
using Mandate.Agent;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mandate.Samples.Agent;

internal sealed class SampleTelemetry : IDisposable
{
    private readonly TracerProvider? tracing;
    private readonly MeterProvider? metrics;

    private SampleTelemetry(TracerProvider? tracing, MeterProvider? metrics) => (this.tracing, this.metrics) = (tracing, metrics);

    /// <summary>Starts export when OTEL_EXPORTER_OTLP_ENDPOINT is set; the exporter reads the standard variables
    /// itself (endpoint, headers), with http/protobuf unless OTEL_EXPORTER_OTLP_PROTOCOL is grpc.</summary>
    public static SampleTelemetry Start(string serviceName)
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return new SampleTelemetry(null, null);
        }

        var protocol = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL") == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName);
        var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource)
            .AddSource(MandateAgentTelemetry.ActivitySourceName, "System.Net.Http")
            .AddOtlpExporter(o => o.Protocol = protocol)
            .Build();
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource)
            .AddMeter(MandateAgentTelemetry.MeterName, "System.Net.Http")
            .AddOtlpExporter(o => o.Protocol = protocol)
            .Build();
        return new SampleTelemetry(tracing, metrics);
    }

    /// <summary>Flushes and stops the exporters.</summary>
    public void Dispose()
    {
        tracing?.Dispose();
        metrics?.Dispose();
    }
}

// OTLP export for the sample API, only when an endpoint is configured (Mandate:Telemetry:OtlpEndpoint or the standard
// OTEL_EXPORTER_OTLP_ENDPOINT); otherwise nothing is registered and the Mandate instruments cost nothing.
using Mandate.ResourceServer;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

internal static class SampleTelemetry
{
    public static void AddOtlpWhenConfigured(IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var endpoint = configuration["Mandate:Telemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return;
        }

        var protocol = (configuration["Mandate:Telemetry:OtlpProtocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]) == "grpc"
            ? OtlpExportProtocol.Grpc
            : OtlpExportProtocol.HttpProtobuf;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? serviceName))
            .WithMetrics(metrics => metrics.AddMeter(MandateBearerDefaults.MeterName, "Microsoft.AspNetCore.Hosting", "System.Net.Http"))
            .WithTracing(tracing => tracing.AddSource(MandateBearerDefaults.ActivitySourceName, "Microsoft.AspNetCore", "System.Net.Http"))
            .UseOtlpExporter(protocol, new Uri(endpoint));
    }
}

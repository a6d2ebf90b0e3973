// OTLP export for `mandate serve` (docs/observability.md). Off unless an endpoint is configured: then nothing of
// OpenTelemetry is registered and the Mandate meters and activity sources have no listener (zero cost). When on,
// the Mandate.Server meter and source plus the runtime's own ASP.NET Core and HttpClient instruments (native in
// .NET 10, no instrumentation package) are exported over OTLP, http/protobuf by default.
using Mandate.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mandate.Cli.Telemetry;

/// <summary>Reads the telemetry settings and registers the OpenTelemetry SDK with the OTLP exporter.</summary>
internal static class OtlpTelemetry
{
    /// <summary>Configuration key of the OTLP base address (environment: <c>Mandate__Telemetry__OtlpEndpoint</c>).</summary>
    public const string EndpointKey = "Mandate:Telemetry:OtlpEndpoint";

    /// <summary>Configuration key of the protocol: <c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    public const string ProtocolKey = "Mandate:Telemetry:OtlpProtocol";

    /// <summary>The standard OpenTelemetry variables, used when the Mandate keys are not set.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string StandardProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    private const string DefaultServiceName = "mandate-server";

    /// <summary>The meters exported (OTLP) and scraped (Prometheus): Mandate's and the runtime's native ones.</summary>
    internal static readonly string[] MeterNames =
        [MandateServerTelemetry.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http"];

    /// <summary>Environment variables copied from the CLI context into configuration, so that a context (a test, or
    /// the real process) decides them; the SDK itself also reads <c>OTEL_METRIC_EXPORT_INTERVAL</c> and friends.</summary>
    private static readonly (string Variable, string Key)[] Variables =
    [
        ("Mandate__Telemetry__OtlpEndpoint", EndpointKey),
        ("Mandate__Telemetry__OtlpProtocol", ProtocolKey),
        ("Mandate__Telemetry__Prometheus", PrometheusTelemetry.EnabledKey),
        (StandardEndpointVariable, StandardEndpointVariable),
        (StandardProtocolVariable, StandardProtocolVariable),
        ("OTEL_SERVICE_NAME", "OTEL_SERVICE_NAME"),
        ("OTEL_METRIC_EXPORT_INTERVAL", "OTEL_METRIC_EXPORT_INTERVAL"),
        ("OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_SCHEDULE_DELAY"),
    ];

    /// <summary>Copies the telemetry variables that <paramref name="getEnvironmentVariable"/> knows into <paramref name="configuration"/>.</summary>
    public static void AddEnvironment(IConfigurationBuilder configuration, Func<string, string?> getEnvironmentVariable)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in Variables)
        {
            if (getEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        if (values.Count > 0)
        {
            configuration.AddInMemoryCollection(values);
        }
    }

    /// <summary>Registers OTLP export of the Mandate.Server meter and activity source when an endpoint is configured.</summary>
    /// <returns>A one-line description for the start-up banner, or null when export is off.</returns>
    /// <exception cref="CliException">The endpoint is not an absolute http(s) URI, or the protocol is unknown (exit code 2).</exception>
    public static string? TryAdd(IServiceCollection services, IConfiguration configuration)
    {
        var endpointText = configuration[EndpointKey] ?? configuration[StandardEndpointVariable];
        if (string.IsNullOrWhiteSpace(endpointText))
        {
            return null;
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"{EndpointKey} must be an absolute http or https URL");
        }

        var protocolText = configuration[ProtocolKey] ?? configuration[StandardProtocolVariable] ?? "http/protobuf";
        var protocol = protocolText switch
        {
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            "grpc" => OtlpExportProtocol.Grpc,
            _ => throw CliException.Usage($"{ProtocolKey} must be http/protobuf or grpc"),
        };

        var serviceName = configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics.AddMeter(MeterNames))
            .WithTracing(tracing => tracing.AddSource(MandateServerTelemetry.ActivitySourceName, "Microsoft.AspNetCore", "System.Net.Http"))
            // http/protobuf: /v1/traces and /v1/metrics are appended to the base address.
            .UseOtlpExporter(protocol, endpoint);
        return $"OTLP {protocolText} to {endpoint}";
    }
}

// Prometheus scraping for `mandate serve` (docs/observability.md), beside or instead of OTLP export. Off unless
// --prometheus or Mandate:Telemetry:Prometheus=true: then OpenTelemetry's Prometheus exporter serves the same meters
// as the OTLP export at GET /metrics (text exposition format) on the server's own address.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Mandate.Cli.Telemetry;

/// <summary>Registers OpenTelemetry's Prometheus exporter and maps its scraping endpoint.</summary>
internal static class PrometheusTelemetry
{
    /// <summary>Configuration key that turns the endpoint on (environment: <c>Mandate__Telemetry__Prometheus=true</c>).</summary>
    public const string EnabledKey = "Mandate:Telemetry:Prometheus";

    /// <summary>The scraping path.</summary>
    public const string Path = "/metrics";

    /// <summary>True when <paramref name="flag"/> is set or configuration turns the endpoint on.</summary>
    /// <exception cref="CliException">The configuration value is not <c>true</c> or <c>false</c> (exit code 2).</exception>
    public static bool IsEnabled(bool flag, IConfiguration configuration)
    {
        string? text = configuration[EnabledKey];
        if (text is null)
        {
            return flag;
        }

        return bool.TryParse(text, out bool enabled)
            ? flag || enabled
            : throw CliException.Usage($"{EnabledKey} must be true or false");
    }

    /// <summary>Adds the Prometheus exporter for the meters <see cref="OtlpTelemetry"/> exports.</summary>
    /// <returns>A one-line description for the start-up banner.</returns>
    public static string Add(IServiceCollection services, string listenUrl)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter([.. OtlpTelemetry.MeterNames]).AddPrometheusExporter());
        return $"Prometheus scraping at {listenUrl.TrimEnd('/')}{Path}";
    }

    /// <summary>Maps <c>GET /metrics</c>; call only when <see cref="Add"/> was called.</summary>
    public static void Map(WebApplication app) => app.MapPrometheusScrapingEndpoint(Path);
}

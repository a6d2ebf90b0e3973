// `mandate serve --prometheus` serves OpenTelemetry's Prometheus exporter at GET /metrics on its own address; without
// the flag (or Mandate:Telemetry:Prometheus=true) there is no such endpoint.
using System.Net;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task Serve_WithPrometheus_MetricsCountTheIssuedToken_AndNoSecret()
    {
        await using var server = new ScrapedServeFixture(["--prometheus"], new Dictionary<string, string>());
        await server.InitializeAsync();
        Assert.Contains($"metrics:           Prometheus scraping at {server.Url}/metrics", server.ServeOutput, StringComparison.Ordinal);

        AgentCredentials agent = await server.Cli.CreateAgentAsync("scraped-bot", "tools:read");
        CliResult token = (await server.Cli.GetTokenAsync(agent)).AssertOk();

        using var http = new HttpClient();
        using HttpResponseMessage response = await http.GetAsync(server.Url + "/metrics");
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        string issued = Assert.Single(body.Split('\n'), line => line.StartsWith("mandate_server_tokens_issued", StringComparison.Ordinal) && line.Contains("client_credentials", StringComparison.Ordinal));
        Assert.True(double.Parse(issued[(issued.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= 1, issued);
        Assert.DoesNotContain(token.Stdout.Trim(), body, StringComparison.Ordinal);
        Assert.DoesNotContain(agent.ClientSecret!, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithPrometheusFromConfiguration_ServesMetrics()
    {
        await using var server = new ScrapedServeFixture([], new Dictionary<string, string> { ["Mandate__Telemetry__Prometheus"] = "true" });
        await server.InitializeAsync();

        using var http = new HttpClient();
        using HttpResponseMessage response = await http.GetAsync(server.Url + "/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Serve_Default_HasNoMetricsEndpoint()
    {
        await using var server = new ScrapedServeFixture([], new Dictionary<string, string>());
        await server.InitializeAsync();

        using var http = new HttpClient();
        using HttpResponseMessage response = await http.GetAsync(server.Url + "/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("metrics:", server.ServeOutput, StringComparison.Ordinal);
    }

    private sealed class ScrapedServeFixture(string[] arguments, IReadOnlyDictionary<string, string> environment) : ServeFixture, IAsyncDisposable
    {
        protected override string[] ExtraServeArguments => arguments;

        protected override IReadOnlyDictionary<string, string> ServeEnvironment => environment;

        ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
    }
}

// `mandate serve` with OTEL_EXPORTER_OTLP_ENDPOINT set exports its metrics and traces over OTLP/HTTP (protobuf) to a
// loopback receiver; the token request's trace id (from the caller's W3C traceparent) is the one in the exported
// span and in the audit record. Without the setting nothing is exported (ServeCommandTests run that way).
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task Serve_WithOtlpEndpoint_ExportsMetricsAndTracesOfATokenRequest_TraceIdMatchesAudit()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var server = new OtlpServeFixture(receiver.Url);
        await server.InitializeAsync();
        var traceId = ActivityTraceId.CreateRandom();
        try
        {
            Assert.Contains($"telemetry:         OTLP http/protobuf to {receiver.Url}/", server.ServeOutput);
            AgentCredentials agent = await server.Cli.CreateAgentAsync("otel-bot", "tools:read");

            // W3C Trace Context §3.2: traceparent = version "-" trace-id "-" parent-id "-" flags (01 = sampled).
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, server.Url + "/token")
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("resource", CliRunnerExtensions.Api)]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{agent.ClientId}:{agent.ClientSecret}")));
            request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            string accessToken = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;

            CliResult audit = (await server.Cli.RunAsync("audit", "--type", "token.issued", "--agent", agent.ClientId, "--json")).AssertOk();
            using JsonDocument record = JsonDocument.Parse(audit.Stdout.Trim().Split('\n').Single());
            Assert.Equal(traceId.ToHexString(), record.RootElement.GetProperty("trace_id").GetString());

            // Stopping the host flushes both providers (the periodic metric reader exports on shutdown).
            Assert.Equal(ExitCodes.Ok, await server.StopAsync());

            var metrics = receiver.Requests.Where(r => r.Signal == "metrics").ToList();
            var traces = receiver.Requests.Where(r => r.Signal == "traces").ToList();
            Assert.NotEmpty(metrics);
            Assert.NotEmpty(traces);
            Assert.All(receiver.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
            Assert.Contains(metrics, r => r.Contains("Mandate.Server") && r.Contains("mandate.server.tokens.issued") && r.Contains("client_credentials"));
            Assert.Contains(traces, r => r.Contains("Mandate.Server") && r.Contains("mandate.server.token_request"));

            // The span's trace id is the caller's: its 16 raw bytes are in the exported span (OTLP trace_id field).
            byte[] rawTraceId = Convert.FromHexString(traceId.ToHexString());
            Assert.Contains(traces, r => r.Contains("mandate.server.token_request") && r.Contains(rawTraceId));

            // Never a token or a secret in telemetry.
            Assert.DoesNotContain(receiver.Requests, r => r.Contains(accessToken) || r.Contains(agent.ClientSecret!));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private sealed class OtlpServeFixture(string endpoint) : ServeFixture
    {
        protected override IReadOnlyDictionary<string, string> ServeEnvironment { get; } = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
        };
    }
}

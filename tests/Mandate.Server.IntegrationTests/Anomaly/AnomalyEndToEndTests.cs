// Issue 7 §4 end to end: a real server (Kestrel on 127.0.0.1, SQLite), alerts raised from committed audit
// records and sent to the log, the mandate.alerts counter, the audit log (alert.*) and a loopback webhook;
// auto-suspension through AgentService, after which the agent's tokens are refused.
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Mandate.Server.Anomaly;
using Mandate.Server.IntegrationTests.Revocation;

namespace Mandate.Server.IntegrationTests.Anomaly;

public sealed class AnomalyEndToEndTests
{
    private const string WebhookSecret = "e2e-webhook-secret-0123456789";

    [Fact]
    public async Task OutOfPolicyScope_RaisesAnAlert_InTheLog_TheMetric_TheAuditLog_AndTheWebhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var measurements = new System.Collections.Concurrent.ConcurrentQueue<(string? Rule, string? Severity)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == AlertMetrics.AlertsInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => measurements.Enqueue((
            tags.ToArray().FirstOrDefault(t => t.Key == "rule").Value as string,
            tags.ToArray().FirstOrDefault(t => t.Key == "severity").Value as string)));
        listener.Start();
        await using var host = await AnomalyServer.StartAsync(o =>
        {
            o.Webhook.Url = receiver.Url;
            o.Webhook.Secret = WebhookSecret;
        });
        var agent = await host.CreateAgentAsync();

        var (status, body) = await host.TokenAsync(agent.ClientId, agent.ClientSecret!, "tools:read payroll:write");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());

        // `mandate audit --type alert.` lists it: the same endpoint and type family.
        var record = await host.WaitForAuditAsync("type=alert.&agent=" + agent.ClientId, _ => true);
        Assert.Equal("alert.out_of_policy", record.GetProperty("type").GetString());
        using var details = JsonDocument.Parse(record.GetProperty("details").GetString()!);
        Assert.Equal("medium", details.RootElement.GetProperty("severity").GetString());
        Assert.Equal("payroll:write", details.RootElement.GetProperty("details").GetProperty("requested_scope").GetString());

        await AnomalyServer.WaitUntilAsync(() => !receiver.Requests.IsEmpty, "the webhook");
        var delivered = receiver.Requests.Single();
        Assert.Equal(record.GetProperty("details").GetString(), delivered.Body);
        Assert.StartsWith("t=", delivered.Signature, StringComparison.Ordinal);
        Assert.Equal(details.RootElement.GetProperty("id").GetString(), delivered.AlertId);
        Assert.True(host.Logs.Contains(6400));
        Assert.Contains(("out_of_policy", "medium"), measurements);
    }

    [Fact]
    public async Task HighSeverityAlert_WithAutoSuspendOptedIn_SuspendsTheAgent_NextRequestInvalidClient_EarlierTokenInactive()
    {
        await using var host = await AnomalyServer.StartAsync(o => o.AutoSuspend = true);
        var agent = await host.CreateAgentAsync();
        var (put, _) = await host.AdminAsync(HttpMethod.Put, "admin/agents/" + agent.ClientId + "/monitoring",
            new { allowed_cidrs = new[] { "10.0.0.0/8" }, allowed_cidrs_mode = "alert", auto_suspend = true });
        Assert.Equal(HttpStatusCode.OK, put);

        // The request comes from 127.0.0.1, outside 10.0.0.0/8 (alert only): the token is issued (detection runs after the
        // commit, off the request path), then network_not_allowed (high) suspends the agent.
        var (issued, token) = await host.TokenAsync(agent.ClientId, agent.ClientSecret!);
        Assert.Equal(HttpStatusCode.OK, issued);
        var accessToken = token.GetProperty("access_token").GetString()!;

        var suspension = await host.WaitForAuditAsync("type=admin.agent&agent=" + agent.ClientId,
            r => r.GetProperty("reason").GetString() == "anomaly-network_not_allowed");
        Assert.Equal("{\"actor\":\"server\"}", suspension.GetProperty("details").GetString());
        var alert = await host.WaitForAuditAsync("type=alert.network_not_allowed&agent=" + agent.ClientId, _ => true);
        Assert.Contains("\"action\":\"agent_suspended\"", alert.GetProperty("details").GetString(), StringComparison.Ordinal);

        // RFC 6749 §5.2: a suspended client fails authentication -> invalid_client.
        var (again, error) = await host.TokenAsync(agent.ClientId, agent.ClientSecret!);
        Assert.Equal(HttpStatusCode.Unauthorized, again);
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());

        // RFC 7662 §2.2: the earlier token is no longer active (the suspension's not-before mark).
        var introspection = await RevocationClient.IntrospectAsync(host.Server, RevocationClient.Admin(host.Server), accessToken);
        Assert.False(introspection.GetProperty("active").GetBoolean());

        // And the suspended agent's attempt is itself an alert (inactive_agent, high).
        await host.WaitForAuditAsync("type=alert.inactive_agent&agent=" + agent.ClientId, _ => true);
    }

    [Fact]
    public async Task HighSeverityAlert_WithoutThePolicyOptIn_AlertsButDoesNotSuspend()
    {
        await using var host = await AnomalyServer.StartAsync(o => o.AutoSuspend = true);
        var agent = await host.CreateAgentAsync();
        await host.AdminAsync(HttpMethod.Put, "admin/agents/" + agent.ClientId + "/monitoring", new { allowed_cidrs = new[] { "10.0.0.0/8" }, allowed_cidrs_mode = "alert" });

        Assert.Equal(HttpStatusCode.OK, (await host.TokenAsync(agent.ClientId, agent.ClientSecret!)).Status);
        var alert = await host.WaitForAuditAsync("type=alert.network_not_allowed&agent=" + agent.ClientId, _ => true);

        Assert.DoesNotContain("agent_suspended", alert.GetProperty("details").GetString(), StringComparison.Ordinal);
        var (_, shown) = await host.AdminAsync(HttpMethod.Get, "admin/agents/" + agent.ClientId);
        Assert.Equal("active", shown.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.TokenAsync(agent.ClientId, agent.ClientSecret!)).Status);
    }

    [Fact]
    public async Task NormalTraffic_RaisesNoAlert()
    {
        await using var host = await AnomalyServer.StartAsync();
        var agent = await host.CreateAgentAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.TokenAsync(agent.ClientId, agent.ClientSecret!)).Status);
        }

        // A marker alert from a second agent proves detection has processed everything before it.
        var marker = await host.CreateAgentAsync();
        await host.TokenAsync(marker.ClientId, marker.ClientSecret!, "not:allowed");
        await host.WaitForAuditAsync("type=alert.&agent=" + marker.ClientId, _ => true);

        Assert.Empty(await host.AuditAsync("type=alert.&agent=" + agent.ClientId));
    }
}

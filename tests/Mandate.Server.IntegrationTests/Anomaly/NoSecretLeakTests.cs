// Issue 7 §7: no token or secret value ever appears in logs, audit records or alert webhook bodies. The test
// drives issuance, denials, secret rotation, alerts, auto-suspension and the webhook, then scans everything
// that was written for every token and secret it saw.
using System.Net;
using Mandate.Server.IntegrationTests.Revocation;

namespace Mandate.Server.IntegrationTests.Anomaly;

public sealed class NoSecretLeakTests
{
    private const string WebhookSecret = "leak-test-webhook-secret-0123456789";

    [Fact]
    public async Task LogsAuditRecordsAndWebhookBodies_HoldNoTokenOrSecretIssuedInTheTest()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        await using var host = await AnomalyServer.StartAsync(o =>
        {
            o.AutoSuspend = true;
            o.Webhook.Url = receiver.Url;
            o.Webhook.Secret = WebhookSecret;
            o.Webhook.InitialBackoff = TimeSpan.FromMilliseconds(10);
        });
        var secrets = new List<string> { WebhookSecret, host.Server.Admin.ClientSecret, await host.Server.GetAdminTokenAsync() };
        var agent = await host.CreateAgentAsync();
        secrets.Add(agent.ClientSecret!);

        var (_, first) = await host.TokenAsync(agent.ClientId, agent.ClientSecret!);
        secrets.Add(first.GetProperty("access_token").GetString()!);
        await host.TokenAsync(agent.ClientId, agent.ClientSecret!, "tools:read admin:all");
        await host.TokenAsync(agent.ClientId, agent.ClientSecret + "x");
        await RevocationClient.IntrospectAsync(host.Server, RevocationClient.Admin(host.Server), secrets[^1]);

        var (_, rotated) = await host.AdminAsync(HttpMethod.Post, "admin/agents/" + agent.ClientId + "/rotate-secret");
        var newSecret = rotated.GetProperty("client_secret").GetString()!;
        secrets.Add(newSecret);
        var (_, second) = await host.TokenAsync(agent.ClientId, newSecret);
        secrets.Add(second.GetProperty("access_token").GetString()!);

        // Outside the alert-only allow-list with auto-suspend: high alert, suspension, then a refused attempt (another alert).
        await host.AdminAsync(HttpMethod.Put, "admin/agents/" + agent.ClientId + "/monitoring", new { allowed_cidrs = new[] { "192.0.2.0/24" }, allowed_cidrs_mode = "alert", auto_suspend = true });
        var (_, third) = await host.TokenAsync(agent.ClientId, newSecret);
        secrets.Add(third.GetProperty("access_token").GetString()!);
        await host.WaitForAuditAsync("type=admin.agent&agent=" + agent.ClientId, r => r.GetProperty("reason").GetString() == "anomaly-network_not_allowed");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.TokenAsync(agent.ClientId, newSecret)).Status);
        await host.WaitForAuditAsync("type=alert.inactive_agent&agent=" + agent.ClientId, _ => true);
        await AnomalyServer.WaitUntilAsync(() => receiver.Requests.Count(r => r.Status == 200) >= 3, "three delivered alerts");

        var written = new List<string>();
        written.AddRange(host.Logs.Entries.Select(e => e.Text));
        written.AddRange((await host.AuditAsync("limit=10000")).Select(r => r.GetRawText()));
        written.AddRange(receiver.Requests.Select(r => r.Body + " " + r.Signature));
        Assert.Contains(written, w => w.Contains("alert.", StringComparison.Ordinal));
        Assert.True(host.Logs.Entries.Count > 10);

        foreach (var secret in secrets)
        {
            // A JWT's signature alone identifies it; check it and the whole value.
            var needles = secret.Count(c => c == '.') == 2 ? new[] { secret, secret.Split('.')[2] } : [secret];
            foreach (var needle in needles)
            {
                Assert.DoesNotContain(written, w => w.Contains(needle, StringComparison.Ordinal));
            }
        }
    }
}

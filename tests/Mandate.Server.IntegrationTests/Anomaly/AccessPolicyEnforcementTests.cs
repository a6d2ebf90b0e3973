// The agent access policy enforced at /token over real HTTP (Kestrel on 127.0.0.1, SQLite): a request from
// outside the allowed networks or hours is refused with unauthorized_client (RFC 6749 §5.2), audited as a
// denial with the rule as its reason, and still raises the rule's alert; "alert" mode serves the request.
using System.Net;

namespace Mandate.Server.IntegrationTests.Anomaly;

public sealed class AccessPolicyEnforcementTests
{
    [Fact(DisplayName = "RFC 6749 §5.2: a token request from outside the enforced allowed networks is unauthorized_client, audited and alerted")]
    public async Task EnforcedNetworks_RefuseTheRequest_AuditTheDenial_AndAlert()
    {
        await using var host = await AnomalyServer.StartAsync();
        var agent = await host.CreateAgentAsync();
        var (put, policy) = await host.AdminAsync(HttpMethod.Put, "admin/agents/" + agent.ClientId + "/monitoring", new { allowed_cidrs = new[] { "10.0.0.0/8" } });
        Assert.Equal(HttpStatusCode.OK, put);
        Assert.Equal("enforce", policy.GetProperty("allowed_cidrs_mode").GetString());

        // The test client calls from 127.0.0.1, outside 10.0.0.0/8.
        var (status, body) = await host.TokenAsync(agent.ClientId, agent.ClientSecret!);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unauthorized_client", body.GetProperty("error").GetString());
        Assert.StartsWith("MND2711:", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("access_token", out _));
        var denial = await host.WaitForAuditAsync("type=token.denied&agent=" + agent.ClientId, _ => true);
        Assert.Equal("network_not_allowed", denial.GetProperty("reason").GetString());
        await host.WaitForAuditAsync("type=alert.network_not_allowed&agent=" + agent.ClientId, _ => true);

        // Loopback added to the list: served again.
        await host.AdminAsync(HttpMethod.Put, "admin/agents/" + agent.ClientId + "/monitoring", new { allowed_cidrs = new[] { "10.0.0.0/8", "127.0.0.0/8", "::1/128" } });
        Assert.Equal(HttpStatusCode.OK, (await host.TokenAsync(agent.ClientId, agent.ClientSecret!)).Status);
    }

    [Fact]
    public async Task EnforcedHours_RefuseOutsideTheWindow_AlertModeServes()
    {
        await using var host = await AnomalyServer.StartAsync();
        var agent = await host.CreateAgentAsync();

        // A one-hour window two hours from now (UTC): the current hour is outside it, even if an hour turns during the test.
        var hour = DateTime.UtcNow.Hour;
        var hours = ((hour + 2) % 24).ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "-"
            + ((hour + 3) % 24 == 0 ? 24 : (hour + 3) % 24).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        var path = "admin/agents/" + agent.ClientId + "/monitoring";
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, path, new { allowed_hours = hours })).Status);

        var (status, body) = await host.TokenAsync(agent.ClientId, agent.ClientSecret!);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unauthorized_client", body.GetProperty("error").GetString());
        Assert.StartsWith("MND2710:", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        var denial = await host.WaitForAuditAsync("type=token.denied&agent=" + agent.ClientId, _ => true);
        Assert.Equal("outside_allowed_hours", denial.GetProperty("reason").GetString());
        await host.WaitForAuditAsync("type=alert.outside_allowed_hours&agent=" + agent.ClientId, _ => true);

        var (_, alertOnly) = await host.AdminAsync(HttpMethod.Put, path, new { allowed_hours = hours, allowed_hours_mode = "alert" });
        Assert.Equal("alert", alertOnly.GetProperty("allowed_hours_mode").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.TokenAsync(agent.ClientId, agent.ClientSecret!)).Status);
    }
}

// Issue 7 §1: every admin change and key event is on the audit record with actor and reason, including the
// changes the server makes by itself. The audit writer is the first hosted service, so the start-up work
// that already writes audit records (bootstrap admin, first key) cannot deadlock waiting for it.
using System.Net;
using System.Text.Json;
using Mandate.Server.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.IntegrationTests.Anomaly;

public sealed class LifecycleAuditTests
{
    [Fact]
    public async Task Startup_AuditsBootstrapAdminAndFirstKey_WithoutDeadlock_AndRestartAddsNoKeyRecord()
    {
        // A start that waited on an audit writer that was not running would never finish: bound it.
        var start = AnomalyServer.StartAsync();
        Assert.Same(start, await Task.WhenAny(start, Task.Delay(TimeSpan.FromSeconds(60))));
        var host = await start;
        var admin = host.Server.Admin.ClientId;
        var created = Assert.Single(await host.AuditAsync("type=admin.agent&agent=" + admin));
        Assert.Equal("create", created.GetProperty("reason").GetString());
        Assert.Equal("{\"actor\":\"server\"}", created.GetProperty("details").GetString());
        var key = Assert.Single(await host.AuditAsync("type=key"));
        Assert.Equal("generated and activated at start-up", key.GetProperty("reason").GetString());

        // RestartAsync stops and disposes the first host; the restarted one has an active key already.
        await using var restarted = await host.Server.RestartAsync();
        Assert.Single(await QueryAsync(restarted, "type=key"));
    }

    [Fact]
    public async Task AdminChanges_AreAudited_WithTheAdminAsActor_AndAReason()
    {
        await using var host = await AnomalyServer.StartAsync();
        var admin = host.Server.Admin.ClientId;
        var agent = await host.CreateAgentAsync();
        var path = "admin/agents/" + agent.ClientId;

        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, path + "/monitoring", new { allowed_hours = "08-18", time_zone = "Europe/Paris" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Post, path + "/rotate-secret")).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Post, path + "/suspend")).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Post, path + "/resume")).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Post, path + "/decommission")).Status);
        var (rotated, pending) = await host.AdminAsync(HttpMethod.Post, "admin/keys/rotate");
        Assert.Equal(HttpStatusCode.Created, rotated);

        var reasons = (await host.AuditAsync("type=admin.agent&agent=" + agent.ClientId))
            .Select(r => (Actor: r.GetProperty("client_id").GetString(), Reason: r.GetProperty("reason").GetString()))
            .ToList();
        Assert.Equal(
            ["created", "monitoring policy set: hours=08-18 zone=Europe/Paris cidrs=any hours_mode=enforce cidrs_mode=enforce tokens_per_minute=none tokens_per_day=none max_token_families=none auto_suspend=off", "got a new secret", "suspended", "resumed", "decommissioned"],
            reasons.Select(r => r.Reason));
        Assert.All(reasons, r => Assert.Equal(admin, r.Actor));
        var keyRecord = (await host.AuditAsync("type=key")).Single(r => r.GetProperty("kid").GetString() == pending.GetProperty("kid").GetString());
        Assert.Equal(admin, keyRecord.GetProperty("client_id").GetString());
        Assert.Equal("generated (rotation requested)", keyRecord.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ScheduledKeyRotation_GenerateActivateRetireRemove_AreAudited_AsServerActions()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        await using var host = await AnomalyServer.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        var options = host.Server.Services.GetRequiredService<IOptions<MandateServerOptions>>().Value;
        var rotation = host.Server.Services.GetRequiredService<KeyRotationService>();

        time.Advance(options.KeyRotationInterval);
        await rotation.RunOnceAsync(default);
        time.Advance(options.KeyPropagationDelay);
        await rotation.RunOnceAsync(default);
        time.Advance(options.MaxAccessTokenLifetime + options.ClockSkew);
        await rotation.RunOnceAsync(default);

        var reasons = (await host.AuditAsync("type=key")).Select(r => r.GetProperty("reason").GetString()).ToList();
        Assert.Contains("generated (scheduled rotation)", reasons);
        Assert.Contains("activated (scheduled rotation)", reasons);
        Assert.Contains("retired (scheduled rotation)", reasons);
        Assert.Contains("removed (every token it signed has expired)", reasons);
    }

    [Theory]
    [InlineData("{\"allowed_hours\":\"8 to 6\"}", "MND2630")]
    [InlineData("{\"allowed_hours\":\"10-10\"}", "MND2630")]
    [InlineData("{\"time_zone\":\"Mars/Olympus\"}", "MND2631")]
    [InlineData("{\"allowed_cidrs\":[\"10.0.0.1/8\"]}", "MND2633")]
    [InlineData("{\"allowed_cidrs\":[\"10.0.0.0\"]}", "MND2633")]
    [InlineData("{\"allowed_cidrs_mode\":\"log\"}", "MND2712")]
    [InlineData("{\"allowed_hours_mode\":\"Enforce\"}", "MND2712")]
    [InlineData("{\"tokens_per_minute\":0}", "MND2713")]
    [InlineData("{\"unknown\":true}", "MND2602")]
    public async Task MonitoringPolicy_InvalidBody_Is400InvalidRequest(string json, string code)
    {
        await using var host = await AnomalyServer.StartAsync();
        var agent = await host.CreateAgentAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, "admin/agents/" + agent.ClientId + "/monitoring")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", await host.Server.GetAdminTokenAsync());
        using var response = await host.Server.HttpClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.StartsWith(code, body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitoringPolicy_GetDefault_PutThenGet_UnknownAgent404()
    {
        await using var host = await AnomalyServer.StartAsync();
        var agent = await host.CreateAgentAsync();
        var path = "admin/agents/" + agent.ClientId + "/monitoring";

        var (_, empty) = await host.AdminAsync(HttpMethod.Get, path);
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("allowed_hours").ValueKind);
        await host.AdminAsync(HttpMethod.Put, path, new { allowed_hours = "22-06", time_zone = "America/New_York", allowed_cidrs = new[] { "10.0.0.0/8" }, auto_suspend = true });
        var (_, stored) = await host.AdminAsync(HttpMethod.Get, path);

        Assert.Equal("22-06", stored.GetProperty("allowed_hours").GetString());
        Assert.Equal("America/New_York", stored.GetProperty("time_zone").GetString());
        Assert.Equal("10.0.0.0/8", stored.GetProperty("allowed_cidrs")[0].GetString());
        Assert.True(stored.GetProperty("auto_suspend").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await host.AdminAsync(HttpMethod.Get, "admin/agents/agt_nobody/monitoring")).Status);
    }

    private static async Task<List<JsonElement>> QueryAsync(Mandate.Testing.MandateTestServer server, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/audit?" + query);
        request.Headers.Authorization = new("Bearer", await server.GetAdminTokenAsync());
        using var response = await server.HttpClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("records").EnumerateArray().Select(e => e.Clone())];
    }
}

// Issue 7 §1: changes the server makes by itself are on the audit record with the server as actor and a reason.
using Mandate.Server.Agents;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Anomaly;

public sealed class ServerActionAuditTests
{
    [Fact]
    public async Task OrphanAutoSuspend_IsAudited_AsAServerAction_WithTheOrphanReason()
    {
        await using var harness = await ServerHarness.CreateAsync(o => o.SuspendOrphans = true);
        var registration = ServerHarness.DefaultRegistration();
        var (agent, _) = await harness.CreateAgentAsync(new AgentRegistration
        {
            Name = registration.Name,
            Owner = registration.Owner,
            Scopes = registration.Scopes,
            DefaultScopes = registration.DefaultScopes,
            Audiences = registration.Audiences,
            ExpiresAt = harness.Time.GetUtcNow().AddHours(1),
        });
        harness.Time.Advance(TimeSpan.FromHours(2));

        var suspended = await harness.Services.GetRequiredService<OrphanSweepService>().SweepAsync(default);

        Assert.Contains(agent.Id, suspended);
        var records = await harness.AuditStore.QueryAsync(new AuditQuery { Agent = agent.Id, Type = AuditEventTypes.AdminAgentChanged }, default);
        var record = Assert.Single(records, r => r.Reason == "orphan-expired");
        Assert.Null(record.ClientId);
        Assert.Equal("{\"actor\":\"server\"}", record.Details);
    }
}

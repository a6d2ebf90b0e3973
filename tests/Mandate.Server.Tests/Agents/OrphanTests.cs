// Issue 6 §5 on fake time: agents unused for OrphanAfter, or expired, are orphans; by policy they are suspended
// (which revokes their tokens); admin agents are listed but never suspended automatically.
using Mandate.Server.Agents;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Agents;

public sealed class OrphanTests
{
    private static async Task<ServerHarness> CreateAsync(bool suspend) => await ServerHarness.CreateAsync(options =>
    {
        options.OrphanAfter = TimeSpan.FromDays(30);
        options.SuspendOrphans = suspend;
    });

    [Fact(DisplayName = "An agent unused for OrphanAfter is an orphan; one used recently is not")]
    public async Task Unused_IsFlagged()
    {
        await using var server = await CreateAsync(suspend: false);
        var (idle, _) = await server.CreateAgentAsync();
        var (busy, _) = await server.CreateAgentAsync();
        var detector = server.Services.GetRequiredService<OrphanDetector>();

        server.Time.Advance(TimeSpan.FromDays(29));
        await server.Services.GetRequiredService<IAgentStore>().TouchAsync(new Dictionary<string, DateTimeOffset> { [busy.Id] = server.Time.GetUtcNow() }, CancellationToken.None);
        Assert.DoesNotContain((await AllAsync(detector)), o => o.Agent.Id == idle.Id);

        server.Time.Advance(TimeSpan.FromDays(1));
        var orphans = await AllAsync(detector);

        var found = Assert.Single(orphans, o => o.Agent.Id == idle.Id);
        Assert.Equal(OrphanDetector.Unused, found.Reason);
        Assert.DoesNotContain(orphans, o => o.Agent.Id == busy.Id);
    }

    [Fact(DisplayName = "An expired agent is an orphan at once")]
    public async Task Expired_IsFlagged()
    {
        await using var server = await CreateAsync(suspend: false);
        var (agent, _) = await server.CreateAgentAsync(new AgentRegistration
        {
            Name = "short-lived",
            Owner = "team@example.com",
            Scopes = ["tools:read"],
            Audiences = [ServerHarness.Api],
            ExpiresAt = server.Time.GetUtcNow().AddDays(1),
        });

        server.Time.Advance(TimeSpan.FromDays(1));

        var found = Assert.Single(await AllAsync(server.Services.GetRequiredService<OrphanDetector>()), o => o.Agent.Id == agent.Id);
        Assert.Equal(OrphanDetector.Expired, found.Reason);
        Assert.Equal("team@example.com", found.Agent.Owner);
    }

    [Fact(DisplayName = "Policy SuspendOrphans: orphans are suspended, admins are not; without the policy nothing changes")]
    public async Task Sweep_SuspendsByPolicy()
    {
        await using var server = await CreateAsync(suspend: true);
        var (idle, _) = await server.CreateAgentAsync();
        server.Time.Advance(TimeSpan.FromDays(31));

        var suspended = await server.Services.GetRequiredService<OrphanSweepService>().SweepAsync(CancellationToken.None);

        Assert.Contains(idle.Id, suspended);
        Assert.Equal(AgentStatus.Suspended, (await server.Services.GetRequiredService<IAgentStore>().FindAsync(idle.Id, CancellationToken.None))!.Status);
        foreach (var agent in await server.Services.GetRequiredService<IAgentStore>().ListAsync(CancellationToken.None))
        {
            if (OrphanDetector.IsExempt(agent))
            {
                Assert.Equal(AgentStatus.Active, agent.Status);
            }
        }

        await using var lenient = await CreateAsync(suspend: false);
        await lenient.CreateAgentAsync();
        lenient.Time.Advance(TimeSpan.FromDays(31));
        Assert.Empty(await lenient.Services.GetRequiredService<OrphanSweepService>().SweepAsync(CancellationToken.None));
    }

    private static async Task<List<(Agent Agent, string Reason)>> AllAsync(OrphanDetector detector)
    {
        var orphans = new List<(Agent Agent, string Reason)>();
        await foreach (var orphan in detector.EnumerateAsync(CancellationToken.None))
        {
            orphans.Add(orphan);
        }

        return orphans;
    }
}

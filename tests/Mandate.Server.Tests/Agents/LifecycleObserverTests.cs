// Issue 6 §5: every lifecycle change reaches IAgentLifecycleObserver (the audit hook), including automatic
// orphan suspension.
using Mandate.Server.Agents;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Agents;

public sealed class LifecycleObserverTests
{
    [Fact]
    public async Task EveryChange_IsObserved()
    {
        var observer = new RecordingObserver();
        await using var server = await ServerHarness.CreateAsync(
            options => options.SuspendOrphans = true,
            services => services.AddSingleton<IAgentLifecycleObserver>(observer));
        var (agent, _) = await server.CreateAgentAsync();

        await server.Agents.SuspendAsync(agent.Id, CancellationToken.None, "admin-1");
        await server.Agents.ResumeAsync(agent.Id, CancellationToken.None, "admin-1");
        await server.Agents.RotateSecretAsync(agent.Id, CancellationToken.None, revokeTokens: true, actorClientId: "admin-1");
        server.Time.Advance(TimeSpan.FromDays(31));
        await server.Services.GetRequiredService<OrphanSweepService>().SweepAsync(CancellationToken.None);
        await server.Agents.DecommissionAsync(agent.Id, CancellationToken.None, "admin-1");

        Assert.Equal(
            ["create", "suspend", "resume", "rotate-secret-revoke-tokens", "orphan-unused", "decommission"],
            observer.Changes.Where(c => c.AgentId == agent.Id).Select(c => c.Action));
        Assert.Null(observer.Changes.Single(c => c.AgentId == agent.Id && c.Action == "orphan-unused").Actor);
    }

    private sealed class RecordingObserver : IAgentLifecycleObserver
    {
        public List<(string AgentId, string Action, string? Actor)> Changes { get; } = [];

        public ValueTask OnAgentChangedAsync(Agent agent, string action, string? actorClientId, CancellationToken cancellationToken)
        {
            lock (Changes)
            {
                Changes.Add((agent.Id, action, actorClientId));
            }

            return ValueTask.CompletedTask;
        }
    }
}

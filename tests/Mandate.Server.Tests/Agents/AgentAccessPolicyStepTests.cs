// The agent access policy at the token endpoint: allowed hours in the policy's time zone, allowed networks,
// each rule enforced or alert only.
using System.Net;
using Mandate.Server.Agents;
using Mandate.Server.Anomaly;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.Tests.Agents;

public sealed class AgentAccessPolicyStepTests
{
    // 07:30 UTC = 08:30 in Paris (CET, UTC+1, in December).
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 7, 30, 0, TimeSpan.Zero);

    private readonly InMemoryAgentMonitoringStore _store = new();
    private readonly FakeTimeProvider _time = new(Now);

    [Theory]
    [InlineData(8, 18, "Europe/Paris", true)]
    [InlineData(9, 18, "Europe/Paris", false)]
    [InlineData(8, 18, null, false)]
    [InlineData(22, 8, null, true)]
    [InlineData(22, 7, null, false)]
    public void IsWithinHours_UsesThePolicyTimeZone_AndWrapsPastMidnight(int start, int end, string? zone, bool expected)
    {
        var policy = new AgentMonitoringPolicy { AgentId = "agt_1", AllowedHoursStart = start, AllowedHoursEnd = end, TimeZone = zone };

        Assert.Equal(expected, AgentAccessPolicyStep.IsWithinHours(policy, Now));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db9::1", false)]
    [InlineData(null, false)]
    public void IsAllowedNetwork_MatchesCidrs_MapsIPv4InIPv6_RefusesAnUnknownAddress(string? address, bool expected)
    {
        var policy = new AgentMonitoringPolicy { AgentId = "agt_1", AllowedCidrs = ["10.0.0.0/8", "2001:db8::/32"] };

        Assert.Equal(expected, AgentAccessPolicyStep.IsAllowedNetwork(policy, address is null ? null : IPAddress.Parse(address)));
    }

    [Fact]
    public async Task CheckAsync_EnforcedHours_Refuses_UntilTheWindowOpens()
    {
        await _store.SetPolicyAsync(new AgentMonitoringPolicy { AgentId = "agt_1", AllowedHoursStart = 9, AllowedHoursEnd = 17, TimeZone = "Europe/Paris" }, default);
        var step = new AgentAccessPolicyStep(new MonitoringPolicyCache(_store), _time);

        var refused = await step.CheckAsync("agt_1", From("10.0.0.1"), default);
        Assert.NotNull(refused);
        Assert.Equal("unauthorized_client", refused.Value.Error.Code);
        Assert.StartsWith("MND2710:", refused.Value.Error.Description, StringComparison.Ordinal);
        Assert.Equal("outside_allowed_hours", refused.Value.Reason);

        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(await step.CheckAsync("agt_1", From("10.0.0.1"), default));
    }

    [Fact]
    public async Task CheckAsync_EnforcedNetworks_Refuses_AlertOnlyServes()
    {
        var cache = new MonitoringPolicyCache(_store);
        var step = new AgentAccessPolicyStep(cache, _time);
        await cache.SetAsync(new AgentMonitoringPolicy { AgentId = "agt_1", AllowedCidrs = ["10.0.0.0/8"] }, default);

        var refused = await step.CheckAsync("agt_1", From("203.0.113.7"), default);
        Assert.NotNull(refused);
        Assert.StartsWith("MND2711:", refused.Value.Error.Description, StringComparison.Ordinal);
        Assert.Equal("network_not_allowed", refused.Value.Reason);
        Assert.Null(await step.CheckAsync("agt_1", From("10.9.8.7"), default));

        await cache.SetAsync(new AgentMonitoringPolicy { AgentId = "agt_1", AllowedCidrs = ["10.0.0.0/8"], NetworksMode = PolicyRuleMode.AlertOnly }, default);
        Assert.Null(await step.CheckAsync("agt_1", From("203.0.113.7"), default));
    }

    [Fact]
    public async Task CheckAsync_AlertOnlyHours_Serves_NoPolicy_Serves()
    {
        await _store.SetPolicyAsync(new AgentMonitoringPolicy { AgentId = "agt_1", AllowedHoursStart = 20, AllowedHoursEnd = 21, HoursMode = PolicyRuleMode.AlertOnly }, default);
        var step = new AgentAccessPolicyStep(new MonitoringPolicyCache(_store), _time);

        Assert.Null(await step.CheckAsync("agt_1", From("10.0.0.1"), default));
        Assert.Null(await step.CheckAsync("agt_without_policy", From(null), default));
    }

    private static DefaultHttpContext From(string? address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        return context;
    }
}

// Each rule fires on a crafted scenario and stays quiet on normal traffic. Time is a
// FakeTimeProvider; records are built as the token endpoint writes them.
using Mandate.Protocol;
using Mandate.Server.Anomaly;
using Mandate.Storage;
using Mandate.Storage.InMemory;

namespace Mandate.Server.Tests.Anomaly;

public sealed class AnomalyRuleTests
{
    private readonly RuleTestData _data = new();

    [Fact]
    public async Task RateSpike_SteadyTraffic_StaysQuiet()
    {
        var rule = new RateSpikeRule(_data.Wrapped);
        var alerts = new List<AnomalyAlert>();
        for (var minute = 0; minute < 60; minute++)
        {
            for (var i = 0; i < 40; i++)
            {
                alerts.AddRange(await RuleTestData.RunAsync(rule, _data.Issued()));
                _data.Time.Advance(TimeSpan.FromSeconds(1));
            }

            _data.Time.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Empty(alerts);
    }

    [Fact]
    public async Task RateSpike_TenfoldBurstAfterWarmup_AlertsOncePerWindow()
    {
        var rule = new RateSpikeRule(_data.Wrapped);
        for (var minute = 0; minute < 10; minute++)
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued()));
            }

            _data.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var alerts = new List<AnomalyAlert>();
        for (var i = 0; i < 100; i++)
        {
            alerts.AddRange(await RuleTestData.RunAsync(rule, _data.Issued()));
        }

        var alert = Assert.Single(alerts);
        Assert.Equal(AnomalyRules.RateSpike, alert.Rule);
        Assert.Equal(AlertSeverity.Medium, alert.Severity);
        Assert.Equal("10", alert.Details.Single(d => d.Key == "baseline").Value);
    }

    [Fact]
    public async Task RateSpike_QuietAgentBelowMinimumVolume_NeverAlerts()
    {
        var rule = new RateSpikeRule(_data.Wrapped);
        var alerts = new List<AnomalyAlert>();
        for (var minute = 0; minute < 10; minute++)
        {
            alerts.AddRange(await RuleTestData.RunAsync(rule, _data.Issued()));
            _data.Time.Advance(TimeSpan.FromMinutes(1));
        }

        // 20 requests against a baseline of 1: a 20x jump, but under MinRequests (30).
        for (var i = 0; i < 20; i++)
        {
            alerts.AddRange(await RuleTestData.RunAsync(rule, _data.Issued()));
        }

        Assert.Empty(alerts);
    }

    [Fact]
    public async Task RateSpike_BurstBeforeWarmup_StaysQuiet()
    {
        var rule = new RateSpikeRule(_data.Wrapped);
        var alerts = new List<AnomalyAlert>();
        for (var i = 0; i < 500; i++)
        {
            alerts.AddRange(await RuleTestData.RunAsync(rule, _data.Issued()));
        }

        Assert.Empty(alerts);
    }

    [Theory]
    [InlineData(OAuthErrorCodes.InvalidScope, "tools:read admin:all", null, "admin:all")]
    [InlineData(OAuthErrorCodes.InvalidTarget, null, "https://payroll.example.com", "https://payroll.example.com")]
    public async Task OutOfPolicy_DeniedScopeOrAudience_Alerts_NamingOnlyWhatIsOutside(string error, string? scope, string? resource, string outside)
    {
        var rule = new OutOfPolicyRule(_data.Wrapped);

        var alert = Assert.Single(await RuleTestData.RunAsync(rule, _data.Denied(error, scope, resource)));

        Assert.Equal(AnomalyRules.OutOfPolicy, alert.Rule);
        Assert.Equal(outside, alert.Details.Single().Value);
    }

    [Theory(DisplayName = "RFC 6749 §3.3: a request naming no scope, refused because the agent has no default scopes, raises no out_of_policy alert")]
    [InlineData(null)]
    [InlineData("")]
    public async Task OutOfPolicy_NoScopeRequested_StaysQuiet(string? scope)
    {
        var rule = new OutOfPolicyRule(_data.Wrapped);

        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Denied(OAuthErrorCodes.InvalidScope, scope)));
    }

    [Theory]
    [InlineData(OAuthErrorCodes.InvalidClient)]
    [InlineData(OAuthErrorCodes.InvalidGrant)]
    [InlineData(OAuthErrorCodes.InvalidRequest)]
    public async Task OutOfPolicy_OtherDenialsAndGrantedRequests_StayQuiet(string error)
    {
        var rule = new OutOfPolicyRule(_data.Wrapped);

        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Denied(error, "tools:read")));
        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued()));
    }

    [Fact]
    public async Task AllowedHours_RequestOutsideTheWindowInTheAgentsZone_Alerts()
    {
        // 10:00 UTC on 23 Nov 2026 is 11:00 in Paris (CET, UTC+1): inside 08-18, outside 08-11.
        _data.Policy = new AgentMonitoringPolicy { AgentId = RuleTestData.AgentId, AllowedHoursStart = 8, AllowedHoursEnd = 11, TimeZone = "Europe/Paris" };
        var rule = new HoursRule(_data.Wrapped);

        var alert = Assert.Single(await RuleTestData.RunAsync(rule, _data.Issued()));

        Assert.Equal(AnomalyRules.OutsideAllowedHours, alert.Rule);
        Assert.Equal("Europe/Paris", alert.Details.Single(d => d.Key == "time_zone").Value);
    }

    [Fact]
    public async Task AllowedHours_InsideTheWindow_AndOvernightWindow_StayQuiet()
    {
        var rule = new HoursRule(_data.Wrapped);
        _data.Policy = new AgentMonitoringPolicy { AgentId = RuleTestData.AgentId, AllowedHoursStart = 8, AllowedHoursEnd = 18, TimeZone = "Europe/Paris" };
        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued()));

        // 22-12 wraps past midnight: 11:00 Paris is inside.
        _data.Policy = _data.Policy with { AllowedHoursStart = 22, AllowedHoursEnd = 12 };
        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued()));
    }

    [Fact]
    public async Task UnusualHour_AfterEnoughDaytimeHistory_NightRequestAlerts_OnlyThen()
    {
        _data.Options.Hours.MinHistory = 100;
        var rule = new HoursRule(_data.Wrapped);
        var alerts = new List<AnomalyAlert>();

        // 10 days of work between 09:00 and 17:00 UTC, 20 requests a day.
        var start = new DateTimeOffset(_data.Time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        for (var day = 0; day < 10; day++)
        {
            _data.Time.SetUtcNow(start.AddDays(day).AddHours(9));
            for (var i = 0; i < 20; i++)
            {
                alerts.AddRange(await RuleTestData.RunAsync(rule, _data.Issued()));
                _data.Time.Advance(TimeSpan.FromMinutes(20));
            }
        }

        Assert.Empty(alerts);
        _data.Time.SetUtcNow(start.AddDays(10).AddHours(3));

        var alert = Assert.Single(await RuleTestData.RunAsync(rule, _data.Issued()));
        Assert.Equal(AnomalyRules.UnusualHour, alert.Rule);
        Assert.Equal(AlertSeverity.Low, alert.Severity);
    }

    [Fact]
    public async Task UnusualHour_WithoutEnoughHistory_StaysQuiet()
    {
        var rule = new HoursRule(_data.Wrapped);
        for (var i = 0; i < 50; i++)
        {
            Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued()));
            _data.Time.Advance(TimeSpan.FromHours(1));
        }
    }

    [Fact]
    public async Task NewNetwork_FirstNetworkLearnedSilently_SecondAlerts_ThenKnown()
    {
        var store = new InMemoryAgentMonitoringStore();
        using var geo = new GeoIpCountryLookup(_data.Wrapped);
        var rule = new NetworkRule(store, geo, _data.Wrapped, _data.Time);

        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued("198.51.100.7")));
        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued("198.51.100.200")));
        var alert = Assert.Single(await RuleTestData.RunAsync(rule, _data.Issued("203.0.113.9")));
        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued("203.0.113.10")));

        Assert.Equal(AnomalyRules.NewNetwork, alert.Rule);
        Assert.Equal("203.0.113.0/24", alert.Subject);
    }

    [Fact]
    public async Task NewNetwork_SteadyState_WritesEachNetworkOnce_NotOncePerToken()
    {
        // A store write per issued token would compete with the audit group commit for SQLite's one write lock.
        var store = new CountingMonitoringStore(new InMemoryAgentMonitoringStore());
        await store.TryAddNetworkAsync(RuleTestData.AgentId, "198.51.100.0/24", _data.Time.GetUtcNow(), default); // learned before a restart
        using var geo = new GeoIpCountryLookup(_data.Wrapped);
        var rule = new NetworkRule(store, geo, _data.Wrapped, _data.Time);

        for (var i = 0; i < 50; i++)
        {
            Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued("198.51.100." + (i % 200))));
        }

        Assert.Equal(2, store.NetworkWrites); // the pre-restart write and one read-through after the restart
    }

    private sealed class CountingMonitoringStore(IAgentMonitoringStore inner) : IAgentMonitoringStore
    {
        public int NetworkWrites { get; private set; }

        public ValueTask<AgentMonitoringPolicy?> GetPolicyAsync(string agentId, CancellationToken cancellationToken) => inner.GetPolicyAsync(agentId, cancellationToken);

        public ValueTask SetPolicyAsync(AgentMonitoringPolicy policy, CancellationToken cancellationToken) => inner.SetPolicyAsync(policy, cancellationToken);

        public ValueTask<bool> TryAddNetworkAsync(string agentId, string network, DateTimeOffset seenAt, CancellationToken cancellationToken)
        {
            NetworkWrites++;
            return inner.TryAddNetworkAsync(agentId, network, seenAt, cancellationToken);
        }

        public ValueTask<IReadOnlyList<int>> AddNetworksAsync(IReadOnlyList<AgentNetworkSighting> sightings, CancellationToken cancellationToken)
        {
            NetworkWrites += sightings.Count;
            Batches++;
            return inner.AddNetworksAsync(sightings, cancellationToken);
        }

        public int Batches { get; private set; }

        public ValueTask<int> CountNetworksAsync(string agentId, CancellationToken cancellationToken) => inner.CountNetworksAsync(agentId, cancellationToken);
    }

    [Fact]
    public async Task NewNetwork_ManyAgentsStartingAtOnce_OneStoreWriteForTheBatch_AlertsOnlyForTheSecondNetwork()
    {
        var store = new CountingMonitoringStore(new InMemoryAgentMonitoringStore());
        using var geo = new GeoIpCountryLookup(_data.Wrapped);
        var rule = new NetworkRule(store, geo, _data.Wrapped, _data.Time);
        var alerts = new List<AnomalyAlert>();

        for (var i = 0; i < 200; i++)
        {
            var record = _data.Issued("198.51.100.7").Record with { AgentId = "agt_" + i, ClientId = "agt_" + i };
            await rule.EvaluateAsync(new AnomalyInput(record, "agt_" + i, _data.Agent, null), alerts, default);
        }

        var moved = _data.Issued("203.0.113.9").Record with { AgentId = "agt_7", ClientId = "agt_7" };
        await rule.EvaluateAsync(new AnomalyInput(moved, "agt_7", _data.Agent, null), alerts, default);
        Assert.Equal(0, store.Batches); // nothing written on the evaluation path
        Assert.Equal(201, rule.Pending);

        var deferred = new List<(AnomalyAlert Alert, AnomalyInput Input)>();
        await rule.FlushAsync(deferred, default);

        Assert.Empty(alerts);
        Assert.Equal(1, store.Batches);
        Assert.Equal(201, store.NetworkWrites);
        Assert.Equal(0, rule.Pending);
        var (alert, input) = Assert.Single(deferred);
        Assert.Equal(AnomalyRules.NewNetwork, alert.Rule);
        Assert.Equal("agt_7", input.AgentId);
        Assert.Equal("203.0.113.0/24", alert.Subject);
    }

    [Fact]
    public async Task NewNetwork_StoreFailsDuringTheFlush_PairsForgotten_NextSightingRetries()
    {
        var store = new FailingOnceMonitoringStore(new InMemoryAgentMonitoringStore());
        using var geo = new GeoIpCountryLookup(_data.Wrapped);
        var rule = new NetworkRule(store, geo, _data.Wrapped, _data.Time);

        await rule.EvaluateAsync(_data.Issued("198.51.100.7"), [], default);
        await Assert.ThrowsAsync<IOException>(async () => await rule.FlushAsync([], default));
        Assert.Equal(0, await store.CountNetworksAsync(RuleTestData.AgentId, default));

        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued("198.51.100.8")));
        Assert.Equal(1, await store.CountNetworksAsync(RuleTestData.AgentId, default));
    }

    private sealed class FailingOnceMonitoringStore(IAgentMonitoringStore inner) : IAgentMonitoringStore
    {
        private bool _failed;

        public ValueTask<AgentMonitoringPolicy?> GetPolicyAsync(string agentId, CancellationToken cancellationToken) => inner.GetPolicyAsync(agentId, cancellationToken);

        public ValueTask SetPolicyAsync(AgentMonitoringPolicy policy, CancellationToken cancellationToken) => inner.SetPolicyAsync(policy, cancellationToken);

        public ValueTask<bool> TryAddNetworkAsync(string agentId, string network, DateTimeOffset seenAt, CancellationToken cancellationToken) =>
            inner.TryAddNetworkAsync(agentId, network, seenAt, cancellationToken);

        public ValueTask<IReadOnlyList<int>> AddNetworksAsync(IReadOnlyList<AgentNetworkSighting> sightings, CancellationToken cancellationToken)
        {
            if (!_failed)
            {
                _failed = true;
                throw new IOException("disk gone");
            }

            return inner.AddNetworksAsync(sightings, cancellationToken);
        }

        public ValueTask<int> CountNetworksAsync(string agentId, CancellationToken cancellationToken) => inner.CountNetworksAsync(agentId, cancellationToken);
    }

    [Fact]
    public async Task NewNetwork_IPv6_UsesA48Prefix_AndDenialsDoNotTeachNetworks()
    {
        var store = new InMemoryAgentMonitoringStore();
        using var geo = new GeoIpCountryLookup(_data.Wrapped);
        var rule = new NetworkRule(store, geo, _data.Wrapped, _data.Time);

        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued("2001:db8:1:2::5")));
        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued("2001:db8:1:ffff::9")));
        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Denied(OAuthErrorCodes.InvalidClient, address: "2001:db8:2::1")));
        var alert = Assert.Single(await RuleTestData.RunAsync(rule, _data.Issued("2001:db8:2::1")));

        Assert.Equal("2001:db8:2::/48", alert.Subject);
    }

    [Fact]
    public async Task NetworkNotAllowed_OutsideTheAllowList_AlertsHigh_InsideStaysQuiet()
    {
        _data.Policy = new AgentMonitoringPolicy { AgentId = RuleTestData.AgentId, AllowedCidrs = ["10.0.0.0/8", "2001:db8::/32"] };
        var store = new InMemoryAgentMonitoringStore();
        using var geo = new GeoIpCountryLookup(_data.Wrapped);
        var rule = new NetworkRule(store, geo, _data.Wrapped, _data.Time);

        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued("10.1.2.3")));
        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued("::ffff:10.1.2.4")));
        var alert = Assert.Single(await RuleTestData.RunAsync(rule, _data.Denied(OAuthErrorCodes.InvalidClient, address: "192.0.2.1")));

        Assert.Equal(AnomalyRules.NetworkNotAllowed, alert.Rule);
        Assert.Equal(AlertSeverity.High, alert.Severity);
    }

    [Fact]
    public async Task NewNetwork_WithGeoIpDatabase_NamesTheCountry_FromATestMmdbReadByMaxMindDb()
    {
        var path = Path.Combine(Path.GetTempPath(), "mandate-geo-" + Guid.NewGuid().ToString("N") + ".mmdb");
        await File.WriteAllBytesAsync(path, new MmdbTestWriter().Add("203.0.113.0/24", "FR").Add("198.51.100.0/24", "DE").Build());
        try
        {
            _data.Options.Network.GeoIpDatabasePath = path;
            using var geo = new GeoIpCountryLookup(_data.Wrapped);
            Assert.Equal("FR", geo.Find(System.Net.IPAddress.Parse("203.0.113.77")));
            Assert.Equal("DE", geo.Find(System.Net.IPAddress.Parse("198.51.100.1")));
            Assert.Null(geo.Find(System.Net.IPAddress.Parse("192.0.2.1")));
            Assert.Null(geo.Find(System.Net.IPAddress.Parse("2001:db8::1")));

            var rule = new NetworkRule(new InMemoryAgentMonitoringStore(), geo, _data.Wrapped, _data.Time);
            Assert.Empty(await RuleTestData.RunAsync(rule, _data.Issued("198.51.100.7")));
            var alert = Assert.Single(await RuleTestData.RunAsync(rule, _data.Issued("203.0.113.9")));

            Assert.Equal("FR", alert.Details.Single(d => d.Key == "country").Value);
            Assert.Contains("(FR)", alert.Summary, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(AgentStatus.Suspended)]
    [InlineData(AgentStatus.Decommissioned)]
    public async Task InactiveAgent_AnyTokenRequest_AlertsHigh(AgentStatus status)
    {
        _data.Agent = _data.Agent with { Status = status };
        var rule = new InactiveAgentRule(_data.Wrapped);

        var alert = Assert.Single(await RuleTestData.RunAsync(rule, _data.Denied(OAuthErrorCodes.InvalidClient, authenticated: false)));

        Assert.Equal(AnomalyRules.InactiveAgent, alert.Rule);
        Assert.Equal(AlertSeverity.High, alert.Severity);
    }

    [Fact]
    public async Task InactiveAgent_ActiveAgentWithWrongSecret_StaysQuiet()
    {
        var rule = new InactiveAgentRule(_data.Wrapped);

        Assert.Empty(await RuleTestData.RunAsync(rule, _data.Denied(OAuthErrorCodes.InvalidClient, authenticated: false)));
    }

    [Fact]
    public void Validator_RejectsOutOfRangeSettings_AcceptsDefaults()
    {
        var validator = new AnomalyOptionsValidator();
        Assert.True(validator.Validate(null, new AnomalyOptions()).Succeeded);

        var bad = new AnomalyOptions { RateSpike = { Alpha = 0, Factor = 1 }, Webhook = { Url = new Uri("ftp://x.example"), Secret = "short" } };
        var result = validator.Validate(null, bad);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Mandate.Agent.Tests.Infrastructure;

namespace Mandate.Agent.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Meter_CountsTokenRequestsCacheHitsRenewalsAndFailures()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Jitter, o.Retry.MaxAttempts) = (0, 1));
        var client = h.Client;
        var meterFactory = h.Services.GetService(typeof(IMeterFactory));
        Assert.NotNull(meterFactory);
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this container's meter: other tests run in parallel with their own clients.
            if (instrument.Meter.Name == "Mandate.Agent" && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        listener.Start();
        h.Server.LifetimeSeconds = 100;

        await client.GetTokenAsync();                 // request 1
        await client.GetTokenAsync();                 // hit
        h.Time.Advance(TimeSpan.FromSeconds(81));
        await client.GetTokenAsync();                 // request 2, renewal
        h.Server.RejectWith = "invalid_scope";
        await Assert.ThrowsAsync<MandateTokenException>(() => client.GetTokenAsync(new("nope"))); // request 3, failure

        Assert.Equal(3, totals.GetValueOrDefault("mandate.agent.token_requests"));
        Assert.Equal(1, totals.GetValueOrDefault("mandate.agent.cache_hits"));
        Assert.Equal(1, totals.GetValueOrDefault("mandate.agent.renewals"));
        Assert.Equal(1, totals.GetValueOrDefault("mandate.agent.failures"));
    }
}

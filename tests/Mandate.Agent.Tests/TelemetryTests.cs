// The agent SDK's acquisition instruments and activity (docs/observability.md): one "mandate.agent.acquire_token"
// activity per token request to the server (first acquisition and renewal), none for cache hits; acquisitions and
// their latency counted by outcome; the activity carries the client id and scope, never the secret or the token.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mandate.Agent.Tests.Infrastructure;

namespace Mandate.Agent.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Acquisitions_AreTracedAndCounted_CacheHitsAreNot()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Jitter, o.Retry.MaxAttempts) = (0, 1));
        var client = h.Client;
        var meterFactory = h.Services.GetService(typeof(IMeterFactory));
        var measurements = new ConcurrentQueue<(string Instrument, Dictionary<string, string?> Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MandateAgentTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            measurements.Enqueue((instrument.Name, map));
        }

        meters.SetMeasurementEventCallback<long>((i, _, t, _) => Record(i, t));
        meters.SetMeasurementEventCallback<double>((i, _, t, _) => Record(i, t));
        meters.Start();

        var clientId = client.ToString();
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MandateAgentTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        h.Server.LifetimeSeconds = 100;
        using var parent = new Activity("agent-work").SetIdFormat(ActivityIdFormat.W3C).Start();
        var first = await client.GetTokenAsync();       // acquisition
        await client.GetTokenAsync();                   // cache hit: no activity
        h.Time.Advance(TimeSpan.FromSeconds(81));
        await client.GetTokenAsync();                   // renewal
        h.Server.RejectWith = "invalid_scope";
        await Assert.ThrowsAsync<MandateTokenException>(() => client.GetTokenAsync(new("nope")));

        var mine = activities.Where(a => a.TraceId == parent.TraceId).ToList();
        Assert.Equal(3, mine.Count);
        Assert.All(mine, a => Assert.Equal(MandateTokenClientTelemetryName, a.OperationName));
        Assert.All(mine, a => Assert.Equal(parent.SpanId, a.ParentSpanId));
        Assert.Equal([false, true, false], mine.Select(a => (bool)a.GetTagItem("mandate.token.renewal")!));
        Assert.Equal(["success", "success", "failure"], mine.Select(a => (string)a.GetTagItem("mandate.outcome")!));
        Assert.Equal("invalid_scope", mine[2].GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, mine[2].Status);
        Assert.All(mine, a => Assert.Contains(a.GetTagItem("oauth.client_id") as string ?? "-", clientId));
        Assert.All(mine, a => Assert.DoesNotContain(a.TagObjects, t => t.Value is string s && s.Contains(first.Value, StringComparison.Ordinal)));

        int Count(string instrument, string key, string value) =>
            measurements.Count(m => m.Instrument == instrument && m.Tags.GetValueOrDefault(key) == value);
        Assert.Equal(2, Count("mandate.agent.acquisitions", "outcome", "success"));
        Assert.Equal(1, measurements.Count(m => m.Instrument == "mandate.agent.acquisitions" && m.Tags["renewal"] == "true"));
        Assert.Equal(1, Count("mandate.agent.acquisitions", "outcome", "failure"));
        Assert.Equal(2, Count("mandate.agent.acquisition.duration", "outcome", "success"));
        Assert.Equal(1, Count("mandate.agent.acquisition.duration", "error.type", "invalid_scope"));
        Assert.Equal(1, measurements.Count(m => m.Instrument == "mandate.agent.cache_hits"));
    }

    private const string MandateTokenClientTelemetryName = "mandate.agent.acquire_token";
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mandate.Agent;

/// <summary>Instruments of <c>Meter("Mandate.Agent")</c> and the <c>ActivitySource("Mandate.Agent")</c>
/// (docs/observability.md). Metric tags carry error codes and outcomes only, never scopes, client secrets or tokens;
/// activity tags add the client id and the requested scope.</summary>
internal sealed class MandateAgentMetrics : IDisposable
{
    public const string MeterName = MandateAgentTelemetry.MeterName;

    /// <summary>Name of the activity around one token acquisition (retries included).</summary>
    public const string AcquireActivity = "mandate.agent.acquire_token";

    private readonly Meter? ownedMeter;

    public MandateAgentMetrics(IMeterFactory? meterFactory)
    {
        Meter meter;
        if (meterFactory is null)
        {
            meter = ownedMeter = new Meter(MeterName);
        }
        else
        {
            meter = meterFactory.Create(MeterName);
        }

        TokenRequests = meter.CreateCounter<long>("mandate.agent.token_requests", "{request}", "HTTP requests sent to the token endpoint, retries included.");
        CacheHits = meter.CreateCounter<long>("mandate.agent.cache_hits", "{call}", "GetTokenAsync and ExchangeAsync calls answered from the cache.");
        Renewals = meter.CreateCounter<long>("mandate.agent.renewals", "{renewal}", "Tokens obtained to replace a cached token.");
        Evictions = meter.CreateCounter<long>("mandate.agent.cache_evictions", "{entry}", "Exchanged-token cache entries evicted to stay within MaxCachedExchanges.");
        Failures = meter.CreateCounter<long>("mandate.agent.failures", "{failure}", "Token endpoint failures, tagged with error.type.");
        Acquisitions = meter.CreateCounter<long>("mandate.agent.acquisitions", "{acquisition}", "Logical token acquisitions (retries included), by outcome and renewal.");
        AcquisitionDuration = meter.CreateHistogram<double>("mandate.agent.acquisition.duration", "s", "Time to acquire a token from the token endpoint, retries and backoff included, by outcome.");
    }

    public ActivitySource Source { get; } = new(MandateAgentTelemetry.ActivitySourceName);

    public Counter<long> Acquisitions { get; }

    public Histogram<double> AcquisitionDuration { get; }

    public Counter<long> TokenRequests { get; }

    public Counter<long> CacheHits { get; }

    public Counter<long> Renewals { get; }

    public Counter<long> Failures { get; }

    public Counter<long> Evictions { get; }

    public void RecordFailure(string error) => Failures.Add(1, new KeyValuePair<string, object?>("error.type", error));

    public void RecordAcquisition(bool success, bool renewal, string? error, TimeSpan? elapsed)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", success ? "success" : "failure");
        Acquisitions.Add(1, outcome, new KeyValuePair<string, object?>("renewal", renewal ? "true" : "false"));
        if (elapsed is { } duration)
        {
            AcquisitionDuration.Record(duration.TotalSeconds, outcome, new KeyValuePair<string, object?>("error.type", error));
        }
    }

    public Activity? StartAcquisition(string clientId, string? scope, bool renewal)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(AcquireActivity, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("oauth.client_id", clientId);
            activity.SetTag("oauth.scope", scope);
            activity.SetTag("mandate.token.renewal", renewal);
        }

        return activity;
    }

    public void Dispose()
    {
        Source.Dispose();
        ownedMeter?.Dispose();
    }
}

using System.Diagnostics.Metrics;

namespace Mandate.Agent;

/// <summary>Instruments of <c>Meter("Mandate.Agent")</c>. Tags carry error codes only, never
/// scopes, client secrets or tokens.</summary>
internal sealed class MandateAgentMetrics : IDisposable
{
    public const string MeterName = "Mandate.Agent";

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
    }

    public Counter<long> TokenRequests { get; }

    public Counter<long> CacheHits { get; }

    public Counter<long> Renewals { get; }

    public Counter<long> Failures { get; }

    public Counter<long> Evictions { get; }

    public void RecordFailure(string error) => Failures.Add(1, new KeyValuePair<string, object?>("error.type", error));

    public void Dispose() => ownedMeter?.Dispose();
}

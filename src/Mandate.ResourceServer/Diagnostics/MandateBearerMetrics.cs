// Metrics of the resource server under Meter("Mandate.ResourceServer") (docs/observability.md). Tags carry only
// low-cardinality values: the result names of MandateUsageResults, hit/miss, outcome words. Never token content,
// client ids or jtis. Instruments with no listener cost one field read per call.
using System.Diagnostics.Metrics;
using Mandate.ResourceServer.Usage;

namespace Mandate.ResourceServer.Diagnostics;

internal sealed class MandateBearerMetrics
{
    private static readonly KeyValuePair<string, object?> NotCached = new("cached", "false");
    private static readonly KeyValuePair<string, object?> Cached = new("cached", "true");

    private readonly Meter _meter;
    private readonly Counter<long> _validations;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _jwksFetches;
    private readonly Counter<long> _jwksLookups;
    private readonly Counter<long> _introspections;
    private readonly Counter<long> _introspectionCacheHits;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _usageDropped;
    private int _denyListObserved;

    public MandateBearerMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MandateBearerDefaults.MeterName);
        _validations = _meter.CreateCounter<long>("mandate.resource_server.token.validations", "{validation}", "Access token validations, by result and whether the validated-token cache answered.");
        _duration = _meter.CreateHistogram<double>("mandate.resource_server.token.validation.duration", "s", "Time to validate a token that was not cached.");
        _jwksFetches = _meter.CreateCounter<long>("mandate.resource_server.jwks.fetches", "{fetch}", "JWKS fetches (refreshes), by outcome.");
        _jwksLookups = _meter.CreateCounter<long>("mandate.resource_server.jwks.lookups", "{lookup}", "Signing key lookups for a full validation: hit (the cached JWKS had the kid) or miss (no JWKS yet, or unknown kid: one refetch).");
        _introspections = _meter.CreateCounter<long>("mandate.resource_server.introspection.requests", "{request}", "RFC 7662 introspection calls to the issuer, by result.");
        _introspectionCacheHits = _meter.CreateCounter<long>("mandate.resource_server.introspection.cache_hits", "{request}", "Introspection checks answered by a cached active answer.");
        _requests = _meter.CreateCounter<long>("mandate.resource_server.requests", "{request}", "Requests to endpoints that require authorization, by decision and result.");
        _usageDropped = _meter.CreateCounter<long>("mandate.resource_server.usage.dropped", "{event}", "Usage events dropped because the sinks fell 10,000 events behind.");
    }

    public bool DurationEnabled => _duration.Enabled;

    public bool RequestsEnabled => _requests.Enabled;

    public void Valid(bool fromCache) => _validations.Add(1, new KeyValuePair<string, object?>("result", MandateUsageResults.Valid), fromCache ? Cached : NotCached);

    public void Duration(TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds);

    public void Invalid(string result) => _validations.Add(1, new KeyValuePair<string, object?>("result", result), NotCached);

    public void JwksFetch(string outcome) => _jwksFetches.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void JwksLookup(bool hit) => _jwksLookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <summary>Result: <c>active</c>, <c>inactive</c> or <c>error</c> (issuer unreachable or refused; treated as inactive).</summary>
    public void Introspection(string result) => _introspections.Add(1, new KeyValuePair<string, object?>("result", result));

    public void IntrospectionCacheHit() => _introspectionCacheHits.Add(1);

    public void Request(MandateUsageDecision decision, string result) =>
        _requests.Add(1, new KeyValuePair<string, object?>("decision", decision == MandateUsageDecision.Allowed ? "allowed" : "refused"), new KeyValuePair<string, object?>("result", result));

    public void UsageDropped() => _usageDropped.Add(1);

    /// <summary>Publishes <c>mandate.resource_server.revocation.deny_list.size</c>, read from <paramref name="read"/> at
    /// each collection. Only the first call registers the gauge.</summary>
    public void ObserveDenyListSize(Func<long> read)
    {
        if (Interlocked.Exchange(ref _denyListObserved, 1) == 0)
        {
            _meter.CreateObservableGauge("mandate.resource_server.revocation.deny_list.size", read, "{token}", "Revoked token ids held in the revocation deny list (all schemes).");
        }
    }
}

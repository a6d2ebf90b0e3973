// Metrics of the resource server under Meter("Mandate.ResourceServer"). Tags carry only low-cardinality values:
// the outcome and the JoseErrorCode name, never token content.
using System.Diagnostics.Metrics;
using Mandate.Jose;

namespace Mandate.ResourceServer.Diagnostics;

internal sealed class MandateBearerMetrics
{
    private readonly Counter<long> _validations;
    private readonly Counter<long> _jwksFetches;
    private readonly Histogram<double> _duration;

    public MandateBearerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MandateBearerDefaults.MeterName);
        _validations = meter.CreateCounter<long>("mandate.resource_server.token.validations", "{validation}", "Access token validations by outcome.");
        _jwksFetches = meter.CreateCounter<long>("mandate.resource_server.jwks.fetches", "{fetch}", "JWKS fetches by outcome.");
        _duration = meter.CreateHistogram<double>("mandate.resource_server.token.validation.duration", "s", "Time to validate a token that was not cached.");
    }

    public void Valid(TimeSpan elapsed)
    {
        _validations.Add(1, new KeyValuePair<string, object?>("outcome", "valid"));
        _duration.Record(elapsed.TotalSeconds);
    }

    public void Cached() => _validations.Add(1, new KeyValuePair<string, object?>("outcome", "cached"));

    public void Invalid(JoseErrorCode reason) =>
        _validations.Add(1, new KeyValuePair<string, object?>("outcome", "invalid"), new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void Revoked() =>
        _validations.Add(1, new KeyValuePair<string, object?>("outcome", "invalid"), new KeyValuePair<string, object?>("reason", "revoked"));

    public void InvalidRequest() =>
        _validations.Add(1, new KeyValuePair<string, object?>("outcome", "invalid"), new KeyValuePair<string, object?>("reason", "invalid_request"));

    public void JwksFetch(string outcome) => _jwksFetches.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}

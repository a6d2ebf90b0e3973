using System.Diagnostics.Metrics;

namespace Mandate.Server;

/// <summary>Counters on the <c>Mandate.Server</c> meter: tokens issued (by grant type) and denied (by error code).</summary>
internal sealed class ServerMetrics
{
    public const string MeterName = "Mandate.Server";

    private readonly Counter<long> _issued;
    private readonly Counter<long> _denied;

    public ServerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _issued = meter.CreateCounter<long>("mandate.server.tokens.issued", unit: "{token}", description: "Access tokens issued.");
        _denied = meter.CreateCounter<long>("mandate.server.tokens.denied", unit: "{request}", description: "Token requests refused, by OAuth error code.");
    }

    public void Issued(string grantType) => _issued.Add(1, new KeyValuePair<string, object?>("grant_type", grantType));

    public void Denied(string error) => _denied.Add(1, new KeyValuePair<string, object?>("error", error));
}

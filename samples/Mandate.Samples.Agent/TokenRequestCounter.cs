using System.Diagnostics.Metrics;

namespace Mandate.Samples.Agent;

/// <summary>Counts the SDK's <c>mandate.agent.token_requests</c> measurements of <c>Meter("Mandate.Agent")</c>.</summary>
internal sealed class TokenRequestCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private long count;

    public TokenRequestCounter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Mandate.Agent" && instrument.Name == "mandate.agent.token_requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
        listener.Start();
    }

    public long Count => Interlocked.Read(ref count);

    public void Dispose() => listener.Dispose();
}

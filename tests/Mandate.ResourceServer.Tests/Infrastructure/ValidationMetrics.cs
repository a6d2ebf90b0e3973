// Reads the "mandate.resource_server.*" counters of one API instance. Meters created through IMeterFactory carry
// the factory as their Scope, so parallel tests never see each other's measurements.
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.ResourceServer.Tests.Infrastructure;

public sealed class ValidationMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = [];

    public ValidationMetrics(ProtectedApi api)
    {
        var factory = api.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MandateBearerDefaults.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, map));
            }
        });
        _listener.Start();
    }

    /// <summary>Sum of token validations with the given outcome (and reason, when given).</summary>
    public long Validations(string outcome, string? reason = null)
    {
        lock (_measurements)
        {
            return _measurements
                .Where(m => m.Instrument == "mandate.resource_server.token.validations" && m.Tags["outcome"] == outcome
                    && (reason is null || m.Tags.GetValueOrDefault("reason") == reason))
                .Sum(m => m.Value);
        }
    }

    public void Dispose() => _listener.Dispose();
}

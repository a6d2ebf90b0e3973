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

    /// <summary>Sum of token validations with the given result (and cache flag, when given).</summary>
    public long Validations(string result, bool? cached = null) =>
        Sum("mandate.resource_server.token.validations", ("result", result), cached is null ? default : ("cached", cached.Value ? "true" : "false"));

    /// <summary>Sum of <paramref name="instrument"/>'s measurements carrying every given tag (default tags are ignored).</summary>
    public long Sum(string instrument, params (string Key, string Value)[] tags)
    {
        lock (_measurements)
        {
            return _measurements
                .Where(m => m.Instrument == instrument && tags.All(t => t.Key is null || m.Tags.GetValueOrDefault(t.Key) == t.Value))
                .Sum(m => m.Value);
        }
    }

    public void Dispose() => _listener.Dispose();
}

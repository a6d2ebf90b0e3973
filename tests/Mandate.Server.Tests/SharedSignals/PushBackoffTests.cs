using Mandate.Server.SharedSignals;

namespace Mandate.Server.Tests.SharedSignals;

public sealed class PushBackoffTests
{
    [Fact(DisplayName = "Push retries back off exponentially from PushInitialBackoff, capped at PushMaxBackoff")]
    public void Backoff_DoublesThenCaps()
    {
        var settings = new SharedSignalsOptions { PushInitialBackoff = TimeSpan.FromSeconds(5), PushMaxBackoff = TimeSpan.FromMinutes(10) };

        var delays = Enumerable.Range(1, 10).Select(a => PushDeliveryService.Backoff(a, settings).TotalSeconds).ToArray();

        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 600, 600, 600], delays);
        Assert.Equal(TimeSpan.FromMinutes(10), PushDeliveryService.Backoff(1000, settings));
    }

    [Fact]
    public void OptionsValidator_RefusesOutOfRangeValues()
    {
        var result = new SharedSignalsOptionsValidator().Validate(null, new SharedSignalsOptions
        {
            MaxStreamsPerClient = 0,
            PushInitialBackoff = TimeSpan.FromMinutes(2),
            PushMaxBackoff = TimeSpan.FromMinutes(1),
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("MND1400:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("MND1403:", StringComparison.Ordinal));
        Assert.True(new SharedSignalsOptionsValidator().Validate(null, new SharedSignalsOptions()).Succeeded);
    }
}

using Microsoft.Extensions.Options;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsOptionsValidator : IValidateOptions<SharedSignalsOptions>
{
    public ValidateOptionsResult Validate(string? name, SharedSignalsOptions options)
    {
        var failures = new List<string>();
        if (options.MaxStreamsPerClient is < 1 or > 100)
        {
            failures.Add("MND1400: SharedSignals:MaxStreamsPerClient must be between 1 and 100.");
        }

        if (options.EventRetention < TimeSpan.FromMinutes(1) || options.EventRetention > TimeSpan.FromDays(30))
        {
            failures.Add("MND1401: SharedSignals:EventRetention must be between 1 minute and 30 days.");
        }

        if (options.PushMaxAttempts is < 1 or > 100)
        {
            failures.Add("MND1402: SharedSignals:PushMaxAttempts must be between 1 and 100.");
        }

        if (options.PushInitialBackoff < TimeSpan.FromMilliseconds(100) || options.PushInitialBackoff > TimeSpan.FromHours(1)
            || options.PushMaxBackoff < options.PushInitialBackoff || options.PushMaxBackoff > TimeSpan.FromDays(1))
        {
            failures.Add("MND1403: SharedSignals:PushInitialBackoff must be between 100 ms and 1 hour, and PushMaxBackoff between it and 1 day.");
        }

        if (options.PushTimeout < TimeSpan.FromSeconds(1) || options.PushTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add("MND1404: SharedSignals:PushTimeout must be between 1 second and 2 minutes.");
        }

        if (options.DeliveryInterval < TimeSpan.FromMilliseconds(50) || options.DeliveryInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add("MND1405: SharedSignals:DeliveryInterval must be between 50 ms and 1 minute.");
        }

        if (options.MinVerificationInterval < TimeSpan.Zero || options.MinVerificationInterval > TimeSpan.FromDays(1)
            || options.PollWait < TimeSpan.Zero || options.PollWait > TimeSpan.FromMinutes(1))
        {
            failures.Add("MND1406: SharedSignals:MinVerificationInterval must be between 0 and 1 day, and PollWait between 0 and 1 minute.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

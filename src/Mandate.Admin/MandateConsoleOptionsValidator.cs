using Microsoft.Extensions.Options;

namespace Mandate.Admin;

/// <summary>Checks <see cref="MandateConsoleOptions"/> at start; each failure is one line of the start-up error.</summary>
internal sealed class MandateConsoleOptionsValidator : IValidateOptions<MandateConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, MandateConsoleOptions options)
    {
        var failures = new List<string>();
        if (options.IdleTimeout < TimeSpan.FromMinutes(1) || options.IdleTimeout > TimeSpan.FromHours(8))
        {
            failures.Add("MND1200: Mandate:Console:IdleTimeout must be between 1 minute and 8 hours.");
        }

        if (options.SessionLifetime < TimeSpan.FromMinutes(5) || options.SessionLifetime > TimeSpan.FromHours(24) || options.SessionLifetime < options.IdleTimeout)
        {
            failures.Add("MND1201: Mandate:Console:SessionLifetime must be between 5 minutes and 24 hours and not shorter than IdleTimeout.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Microsoft.Extensions.Options;

namespace Mandate.Server.RateLimiting;

/// <summary>Fails start-up on out-of-range rate-limit settings (STYLE §4), one line per error.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        if (options.FailedAuthenticationsPerClientId is < 1 or > 1_000_000)
        {
            errors.Add("MND0600: RateLimits.FailedAuthenticationsPerClientId must be between 1 and 1,000,000.");
        }

        if (options.FailedAuthenticationsPerAddress is < 1 or > 1_000_000)
        {
            errors.Add("MND0601: RateLimits.FailedAuthenticationsPerAddress must be between 1 and 1,000,000.");
        }

        if (options.FailedAuthenticationWindow < TimeSpan.FromSeconds(1) || options.FailedAuthenticationWindow > TimeSpan.FromDays(1))
        {
            errors.Add("MND0602: RateLimits.FailedAuthenticationWindow must be between 1 second and 1 day.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

using Microsoft.Extensions.Options;

namespace Mandate.Server.Grants.RefreshToken;

/// <summary>Start-up validation of <see cref="RefreshTokenOptions"/>: lifetimes in range, idle ≤ absolute.</summary>
internal sealed class RefreshTokenOptionsValidator : IValidateOptions<RefreshTokenOptions>
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxIdle = TimeSpan.FromDays(30);
    private static readonly TimeSpan MaxAbsolute = TimeSpan.FromDays(90);

    public ValidateOptionsResult Validate(string? name, RefreshTokenOptions options)
    {
        var failures = new List<string>();
        if (options.IdleLifetime < Minimum || options.IdleLifetime > MaxIdle)
        {
            failures.Add("MND0040: RefreshTokens:IdleLifetime must be between 1 minute and 30 days.");
        }

        if (options.AbsoluteLifetime < Minimum || options.AbsoluteLifetime > MaxAbsolute)
        {
            failures.Add("MND0041: RefreshTokens:AbsoluteLifetime must be between 1 minute and 90 days.");
        }

        if (options.IdleLifetime > options.AbsoluteLifetime)
        {
            failures.Add("MND0042: RefreshTokens:IdleLifetime must not exceed RefreshTokens:AbsoluteLifetime.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

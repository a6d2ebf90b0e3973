using Microsoft.Extensions.Options;

namespace Mandate.Server.TrustedIssuers;

internal sealed class TrustedIssuerOptionsValidator : IValidateOptions<TrustedIssuerOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedIssuerOptions options)
    {
        var failures = new List<string>();
        if (options.JwksMaxAge <= TimeSpan.Zero || options.JwksRefreshCooldown < TimeSpan.Zero || options.JwksFetchTimeout <= TimeSpan.Zero || options.RegistryRefreshInterval < TimeSpan.Zero)
        {
            failures.Add("MND0300: TrustedIssuerOptions intervals must be positive (JwksMaxAge, JwksFetchTimeout) or non-negative (JwksRefreshCooldown, RegistryRefreshInterval).");
        }

        if (options.IdJagLifetime <= TimeSpan.Zero || options.IdJagLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("MND0301: TrustedIssuerOptions.IdJagLifetime must be between 1 second and 1 hour.");
        }

        foreach (var audience in options.IdJagAudiences)
        {
            if (!Uri.TryCreate(audience, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps && !MandateServerOptionsValidator.IsLoopback(uri))
            {
                failures.Add($"MND0302: TrustedIssuerOptions.IdJagAudiences entry '{audience}' must be an https issuer URL (http only on loopback).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

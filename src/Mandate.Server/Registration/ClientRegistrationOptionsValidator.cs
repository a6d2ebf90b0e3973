using Microsoft.Extensions.Options;

namespace Mandate.Server.Registration;

/// <summary>Fails start-up on out-of-range registration settings (STYLE §4), one line per error.</summary>
internal sealed class ClientRegistrationOptionsValidator : IValidateOptions<ClientRegistrationOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientRegistrationOptions options)
    {
        var errors = new List<string>();
        if (options.RequestsPerAddress is < 1 or > 100_000)
        {
            errors.Add("MND1300: ClientRegistration.RequestsPerAddress must be between 1 and 100,000.");
        }

        if (options.Window < TimeSpan.FromSeconds(1) || options.Window > TimeSpan.FromDays(1))
        {
            errors.Add("MND1301: ClientRegistration.Window must be between 1 second and 1 day.");
        }

        if (options.MaxInitialAccessTokenLifetime < TimeSpan.FromMinutes(1) || options.MaxInitialAccessTokenLifetime > TimeSpan.FromDays(365))
        {
            errors.Add("MND1302: ClientRegistration.MaxInitialAccessTokenLifetime must be between 1 minute and 365 days.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

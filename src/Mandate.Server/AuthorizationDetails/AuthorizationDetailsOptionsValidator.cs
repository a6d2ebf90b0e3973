using Microsoft.Extensions.Options;

namespace Mandate.Server.AuthorizationDetails;

/// <summary>Start-up validation of <see cref="AuthorizationDetailsOptions"/>: distinct, non-empty, short type names.</summary>
internal sealed class AuthorizationDetailsOptionsValidator : IValidateOptions<AuthorizationDetailsOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthorizationDetailsOptions options)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in options.TypesSupported)
        {
            if (string.IsNullOrWhiteSpace(type) || type.Length > AuthorizationDetailsRules.MaxNameLength || !seen.Add(type))
            {
                return ValidateOptionsResult.Fail("MND0050: AuthorizationDetails:TypesSupported must hold distinct, non-empty names of at most 64 characters.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}

using Mandate.Jose.Algorithms;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Dpop;

/// <summary>Start-up validation of <see cref="DpopOptions"/>.</summary>
internal sealed class DpopOptionsValidator : IValidateOptions<DpopOptions>
{
    public ValidateOptionsResult Validate(string? name, DpopOptions options)
    {
        var failures = new List<string>();
        if (options.SigningAlgorithms.Count == 0 || options.SigningAlgorithms.Any(a => !SignatureAlgorithm.TryGet(a, out _)))
        {
            failures.Add("MND0550: Dpop:SigningAlgorithms must list one or more of ES256, ES384, PS256, RS256.");
        }

        if (options.ProofMaxAge < TimeSpan.FromSeconds(5) || options.ProofMaxAge > TimeSpan.FromMinutes(5))
        {
            failures.Add("MND0551: Dpop:ProofMaxAge must be between 5 seconds and 5 minutes.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(1))
        {
            failures.Add("MND0552: Dpop:ClockSkew must be between 0 and 1 minute.");
        }

        if (options.NonceLifetime < TimeSpan.FromSeconds(30) || options.NonceLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("MND0553: Dpop:NonceLifetime must be between 30 seconds and 1 hour.");
        }

        if (!Enum.IsDefined(options.DefaultRequirement))
        {
            failures.Add("MND0554: Dpop:DefaultRequirement must be Allowed or Required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

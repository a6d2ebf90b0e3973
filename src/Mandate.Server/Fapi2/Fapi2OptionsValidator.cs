using Mandate.Server.Dpop;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Fapi2;

/// <summary>Start-up validation of <see cref="Fapi2Options"/> against the rest of the configuration: with the profile on,
/// the issuer uses https (http only on a loopback host, for development) and DPoP accepts PS256 or ES256.</summary>
internal sealed class Fapi2OptionsValidator(IOptions<MandateServerOptions> server, IOptions<DpopOptions> dpop) : IValidateOptions<Fapi2Options>
{
    public ValidateOptionsResult Validate(string? name, Fapi2Options options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        // FAPI 2.0 Security Profile §5.2 (network layer protections: TLS for every endpoint): an http issuer is refused,
        // except on a loopback host where the traffic never leaves the machine.
        if (server.Value.AllowInsecureHttpIssuer
            || (Uri.TryCreate(server.Value.Issuer, UriKind.Absolute, out var issuer) && issuer.Scheme != Uri.UriSchemeHttps && !issuer.IsLoopback))
        {
            failures.Add("MND1450: Fapi2:Enabled needs an https Issuer (http only on a loopback host) and AllowInsecureHttpIssuer off.");
        }

        // §5.4.1: only PS256, ES256 (or EdDSA, which this server does not implement).
        if (!dpop.Value.SigningAlgorithms.Any(a => Fapi2Profile.Algorithms.Contains(a, StringComparer.Ordinal)))
        {
            failures.Add("MND1451: Fapi2:Enabled needs Dpop:SigningAlgorithms to include ES256 or PS256.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

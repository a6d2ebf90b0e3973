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

        ValidateOidc(options.Oidc, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateOidc(MandateConsoleOidcOptions oidc, List<string> failures)
    {
        if (!oidc.IsConfigured)
        {
            if (oidc.Only)
            {
                failures.Add("MND1856: Mandate:Console:Oidc:Only needs Mandate:Console:Oidc:Authority: without it nobody could sign in.");
            }

            return;
        }

        var authority = oidc.Authority!;
        if (!authority.IsAbsoluteUri || authority.Scheme is not ("https" or "http") || (authority.Scheme == "http" && !authority.IsLoopback)
            || authority.Query.Length > 0 || authority.Fragment.Length > 0)
        {
            failures.Add("MND1850: Mandate:Console:Oidc:Authority must be an absolute https URI without query or fragment (http only on a loopback address).");
        }

        if (string.IsNullOrWhiteSpace(oidc.ClientId))
        {
            failures.Add("MND1851: Mandate:Console:Oidc:ClientId is required with an Authority.");
        }

        if (string.IsNullOrEmpty(oidc.ClientSecret))
        {
            failures.Add("MND1852: Mandate:Console:Oidc:ClientSecret is required with an Authority (set it from the environment: Mandate__Console__Oidc__ClientSecret).");
        }

        if (string.IsNullOrWhiteSpace(oidc.RoleClaim))
        {
            failures.Add("MND1853: Mandate:Console:Oidc:RoleClaim must name the ID token claim that grants console roles, e.g. groups.");
        }

        if (oidc.RoleMappings.Count == 0 || oidc.RoleMappings.Any(m => string.IsNullOrEmpty(m.Value) || m.Roles.Count == 0 || m.Roles.Any(r => Console.ConsoleRoles.FromName(r) is null)))
        {
            failures.Add("MND1854: Mandate:Console:Oidc:RoleMappings must list at least one claim Value, each with Roles among viewer, agents, keys, trust, audit and admin.");
        }

        if (oidc.RequireHttpsMetadata == false && !oidc.IsLoopbackAuthority)
        {
            failures.Add("MND1855: Mandate:Console:Oidc:RequireHttpsMetadata may be false only for a loopback Authority.");
        }
    }
}

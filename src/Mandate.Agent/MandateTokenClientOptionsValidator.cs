using Microsoft.Extensions.Options;

namespace Mandate.Agent;

/// <summary>Checks <see cref="MandateTokenClientOptions"/> against the documented ranges. Messages name
/// the property, never its value, so credentials cannot leak through validation errors.</summary>
internal sealed class MandateTokenClientOptionsValidator : IValidateOptions<MandateTokenClientOptions>
{
    public ValidateOptionsResult Validate(string? name, MandateTokenClientOptions options)
    {
        var failures = new List<string>();
        CheckEndpoint(options.Issuer, nameof(options.Issuer), required: true, failures);
        CheckEndpoint(options.TokenEndpoint, nameof(options.TokenEndpoint), required: false, failures);
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("ClientId is required.");
        }
        else if (Mandate.Protocol.CredentialPrefixes.IsCredential(options.ClientId))
        {
            // Sent as a client id, a secret would travel as an identifier and be written to logs; refuse before any request.
            failures.Add("ClientId looks like a client secret (it starts with " + Mandate.Protocol.CredentialPrefixes.ClientSecret +
                "); ClientId and ClientSecret may be swapped.");
        }

        var credentials = (options.ClientSecret is null ? 0 : 1) + (options.PrivateKeyJwk is null ? 0 : 1) + (options.PrivateKeyFile is null ? 0 : 1);
        if (credentials != 1)
        {
            failures.Add("Exactly one of ClientSecret, PrivateKeyJwk and PrivateKeyFile must be set.");
        }
        else if (options.ClientSecret is { Length: 0 })
        {
            failures.Add("ClientSecret must not be empty.");
        }

        if (double.IsNaN(options.RenewAt) || options.RenewAt < 0.1 || options.RenewAt > 0.95)
        {
            failures.Add("RenewAt must be between 0.1 and 0.95.");
        }

        if (double.IsNaN(options.Jitter) || options.Jitter < 0 || options.Jitter > 0.2 || options.RenewAt + options.Jitter >= 1)
        {
            failures.Add("Jitter must be between 0 and 0.2, and RenewAt + Jitter must be below 1.");
        }

        if (options.MinimumRemainingLifetime < TimeSpan.Zero || options.MinimumRemainingLifetime > TimeSpan.FromMinutes(5))
        {
            failures.Add("MinimumRemainingLifetime must be between 0 and 5 minutes.");
        }

        if (options.MaxCachedExchanges is < 1 or > 100_000)
        {
            failures.Add("MaxCachedExchanges must be between 1 and 100000.");
        }

        var retry = options.Retry;
        if (retry is null)
        {
            failures.Add("Retry is required.");
        }
        else
        {
            if (retry.MaxAttempts is < 1 or > 10)
            {
                failures.Add("Retry.MaxAttempts must be between 1 and 10.");
            }

            if (retry.BaseDelay < TimeSpan.FromMilliseconds(1) || retry.BaseDelay > TimeSpan.FromSeconds(10))
            {
                failures.Add("Retry.BaseDelay must be between 1 millisecond and 10 seconds.");
            }

            if (retry.MaxDelay < retry.BaseDelay || retry.MaxDelay > TimeSpan.FromMinutes(5))
            {
                failures.Add("Retry.MaxDelay must be between Retry.BaseDelay and 5 minutes.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckEndpoint(Uri? uri, string property, bool required, List<string> failures)
    {
        if (uri is null)
        {
            if (required)
            {
                failures.Add($"{property} is required.");
            }

            return;
        }

        if (!uri.IsAbsoluteUri || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            failures.Add($"{property} must be an absolute URL without query, fragment or user info.");
        }
        else if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            // RFC 6749 §3.2: the token endpoint requires TLS; plain http only for local development.
            failures.Add($"{property} must use https (http is allowed only for loopback hosts).");
        }
    }
}

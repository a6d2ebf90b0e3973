// Fail fast at start-up (ValidateOnStart) on settings that would make validation unsafe or impossible.
// RFC 8414 §2: an issuer is an https URL without query or fragment. RFC 8725 §3.1: algorithms from an allow-list.
using Mandate.Jose.Algorithms;
using Mandate.Protocol;
using Mandate.ResourceServer.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.ResourceServer;

internal sealed class MandateBearerOptionsValidator(string scheme, ILogger logger) : IValidateOptions<MandateBearerOptions>
{
    public ValidateOptionsResult Validate(string? name, MandateBearerOptions options)
    {
        if (!string.Equals(name, scheme, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        ValidateIssuer(options, failures);
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Audience is required (RFC 9068 §4: aud must contain this resource).");
        }

        Range(failures, nameof(options.ClockSkew), options.ClockSkew, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Range(failures, nameof(options.IntrospectionCacheDuration), options.IntrospectionCacheDuration, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Range(failures, nameof(options.StatusListGracePeriod), options.StatusListGracePeriod, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Range(failures, nameof(options.JwksMaxAge), options.JwksMaxAge, TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
        Range(failures, nameof(options.JwksRefreshCooldown), options.JwksRefreshCooldown, TimeSpan.FromSeconds(1), options.JwksMaxAge);
        Range(failures, nameof(options.BackchannelTimeout), options.BackchannelTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        if (options.MaxTokenLength is < 256 or > 65_536)
        {
            failures.Add("MaxTokenLength must be between 256 and 65,536 characters.");
        }

        if (options.ValidatedTokenCacheSize is < 0 or > 1_000_000)
        {
            failures.Add("ValidatedTokenCacheSize must be between 0 and 1,000,000.");
        }

        if (options.Dpop.Algorithms.Count == 0 || options.Dpop.Algorithms.Any(a => !SignatureAlgorithm.TryGet(a, out _)))
        {
            failures.Add("MND0556: Dpop.Algorithms must be a non-empty subset of ES256, ES384, RS256, PS256.");
        }

        if (options.Dpop.ProofMaxAge < TimeSpan.FromSeconds(5) || options.Dpop.ProofMaxAge > TimeSpan.FromMinutes(5)
            || options.Dpop.ProofClockSkew < TimeSpan.Zero || options.Dpop.ProofClockSkew > TimeSpan.FromMinutes(1)
            || options.Dpop.NonceLifetime < TimeSpan.FromSeconds(30) || options.Dpop.NonceLifetime > TimeSpan.FromHours(1)
            || options.Dpop.ReplayCacheSize < 1000)
        {
            failures.Add("MND0557: Dpop.ProofMaxAge (5 s-5 min), ProofClockSkew (0-1 min), NonceLifetime (30 s-1 h) or ReplayCacheSize (>= 1000) is out of range.");
        }

        if (options.AllowedAlgorithms.Count == 0 || options.AllowedAlgorithms.Any(a => !SignatureAlgorithm.TryGet(a, out _)))
        {
            failures.Add("AllowedAlgorithms must be a non-empty subset of ES256, ES384, RS256, PS256 (never none or HS*).");
        }

        if (options.Realm is { } realm && realm.Any(c => c < 0x20 || c > 0x7E))
        {
            failures.Add("Realm must be printable ASCII.");
        }

        if (options.ResourceMetadata.ScopesSupported.Any(s => !ScopeSet.IsScopeToken(s)))
        {
            failures.Add("ResourceMetadata.ScopesSupported holds a value that is not an RFC 6749 §3.3 scope-token.");
        }

        if (failures.Count > 0)
        {
            return ValidateOptionsResult.Fail(failures.Select(f => $"MandateBearer scheme '{scheme}': {f}"));
        }

        if (options.AllowHttpIssuer && options.Issuer!.StartsWith("http:", StringComparison.OrdinalIgnoreCase))
        {
            Log.HttpIssuerAllowed(logger, scheme, options.Issuer);
        }

        if (options.AllowQueryStringToken)
        {
            Log.QueryStringTokensAllowed(logger, scheme);
        }

        return ValidateOptionsResult.Success;
    }

    private static void ValidateIssuer(MandateBearerOptions options, List<string> failures)
    {
        if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer))
        {
            failures.Add("Issuer is required and must be an absolute URI.");
            return;
        }

        if (issuer.Scheme != Uri.UriSchemeHttps && !(options.AllowHttpIssuer && issuer.Scheme == Uri.UriSchemeHttp))
        {
            failures.Add("Issuer must use https (set AllowHttpIssuer only for local development).");
        }

        if (issuer.Query.Length > 0 || issuer.Fragment.Length > 0)
        {
            failures.Add("Issuer must not have a query or fragment (RFC 8414 §2).");
        }

        if (options.MetadataAddress is { } metadata
            && (!metadata.IsAbsoluteUri || (metadata.Scheme != Uri.UriSchemeHttps && !(options.AllowHttpIssuer && metadata.Scheme == Uri.UriSchemeHttp))))
        {
            failures.Add("MetadataAddress must be an absolute https URI (http only with AllowHttpIssuer).");
        }
    }

    private static void Range(List<string> failures, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{name} must be between {min} and {max}.");
        }
    }
}

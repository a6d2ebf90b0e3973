// Start-up checks of ClientIdMetadataDocumentOptions (MND0650-MND0656): limits in range, and every trust rule
// complete, so a half-written rule stops the server instead of admitting clients with an empty policy.
using Microsoft.Extensions.Options;

namespace Mandate.Server.ClientIdMetadata;

internal sealed class ClientIdMetadataDocumentOptionsValidator : IValidateOptions<ClientIdMetadataDocumentOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientIdMetadataDocumentOptions options)
    {
        var failures = new List<string>();
        if (options.MaxDocumentBytes is < 1024 or > 65536)
        {
            failures.Add("MND0650: ClientIdMetadataDocumentOptions.MaxDocumentBytes must be between 1024 and 65536.");
        }

        if (options.FetchTimeout < TimeSpan.FromMilliseconds(100) || options.FetchTimeout > TimeSpan.FromSeconds(30) || options.MaxRedirects is < 0 or > 5)
        {
            failures.Add("MND0651: ClientIdMetadataDocumentOptions.FetchTimeout must be between 100 ms and 30 s, and MaxRedirects between 0 and 5.");
        }

        if (options.MinCacheDuration < TimeSpan.Zero || options.MinCacheDuration > TimeSpan.FromMinutes(10)
            || options.MaxCacheDuration < TimeSpan.FromMinutes(1) || options.MaxCacheDuration > TimeSpan.FromHours(24)
            || options.DefaultCacheDuration < options.MinCacheDuration || options.DefaultCacheDuration > options.MaxCacheDuration)
        {
            failures.Add("MND0652: ClientIdMetadataDocumentOptions cache durations must satisfy 0 <= MinCacheDuration (<= 10 min) <= DefaultCacheDuration <= MaxCacheDuration (1 min - 24 h).");
        }

        foreach (var rule in options.Trust)
        {
            ValidateRule(rule, options.AllowHttpLoopbackForTesting, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateRule(ClientIdMetadataDocumentTrust rule, bool allowHttpLoopback, List<string> failures)
    {
        var prefix = rule.UrlPrefix ?? "";
        if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || !ClientIdUrl.IsAcceptedScheme(uri, allowHttpLoopback)
            || uri.AbsolutePath.Length == 0 || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment) || !prefix.StartsWith(uri.GetLeftPart(UriPartial.Authority) + "/", StringComparison.Ordinal))
        {
            failures.Add($"MND0653: ClientIdMetadataDocumentTrust.UrlPrefix '{prefix}' must be an absolute https URL with a path (e.g. https://agents.example.com/), written as the URL parses (lowercase host, no default port).");
        }

        if (string.IsNullOrWhiteSpace(rule.Owner))
        {
            failures.Add($"MND0654: ClientIdMetadataDocumentTrust '{prefix}' needs an Owner, the person accountable for the clients it admits.");
        }

        if (rule.Scopes.Count == 0 || rule.Audiences.Count == 0 || rule.EffectiveGrantTypes.Count == 0
            || rule.Audiences.Any(static a => !Uri.TryCreate(a, UriKind.Absolute, out _)) || rule.Scopes.Any(static s => string.IsNullOrWhiteSpace(s) || s.Contains(' ', StringComparison.Ordinal)))
        {
            failures.Add($"MND0655: ClientIdMetadataDocumentTrust '{prefix}' needs at least one scope (no spaces), one absolute audience URI and one grant type.");
        }

        if (rule.TokenLifetime < TimeSpan.FromSeconds(30) || rule.TokenLifetime > TimeSpan.FromHours(1))
        {
            failures.Add($"MND0656: ClientIdMetadataDocumentTrust '{prefix}' TokenLifetime must be between 30 seconds and 1 hour.");
        }
    }
}

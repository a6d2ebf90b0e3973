// draft-ietf-oauth-client-id-metadata-document §3 (Client Identifier): the client id URL MUST use the https scheme,
// MUST contain a path component, MUST NOT contain single-dot or double-dot path segments, a fragment, or a user name
// or password; it SHOULD NOT contain a query, and Mandate refuses one (a query would let one document be fetched
// under many client ids). Deliberate extension: with AllowHttpLoopbackForTesting, http on a loopback host.
namespace Mandate.Server.ClientIdMetadata;

internal static class ClientIdUrl
{
    /// <summary>Upper bound on the length of a client id URL; longer values are refused before anything else.</summary>
    public const int MaxLength = 2048;

    /// <summary>True when <paramref name="clientId"/> looks like a URL client id (cheap test, before validation).</summary>
    public static bool LooksLikeUrl(string clientId, bool allowHttpLoopback) =>
        clientId.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || (allowHttpLoopback && clientId.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Validates a client id URL. Returns false with an operator-facing reason.</summary>
    public static bool TryValidate(string clientId, bool allowHttpLoopback, out Uri? url, out string reason)
    {
        url = null;
        reason = "";
        if (clientId.Length > MaxLength || !Uri.TryCreate(clientId, UriKind.Absolute, out var parsed))
        {
            reason = "client id is not an absolute URL";
            return false;
        }

        if (!IsAcceptedScheme(parsed, allowHttpLoopback))
        {
            reason = "client id URL must use https";
            return false;
        }

        // Checked on the raw text: Uri normalises dot segments away, and this rule is about what the client sent.
        var rawPath = RawPath(clientId);
        if (rawPath.Length <= 1)
        {
            reason = "client id URL must have a path";
            return false;
        }

        foreach (var segment in rawPath.Split('/'))
        {
            if (segment is "." or ".." || segment.Equals("%2e", StringComparison.OrdinalIgnoreCase) || segment.Equals("%2e%2e", StringComparison.OrdinalIgnoreCase))
            {
                reason = "client id URL must not contain dot segments";
                return false;
            }
        }

        if (clientId.Contains('#', StringComparison.Ordinal) || clientId.Contains('?', StringComparison.Ordinal) || !string.IsNullOrEmpty(parsed.UserInfo))
        {
            reason = "client id URL must not contain a fragment, a query or user information";
            return false;
        }

        url = parsed;
        return true;
    }

    /// <summary>https always; http only when allowed and the host is loopback.</summary>
    public static bool IsAcceptedScheme(Uri uri, bool allowHttpLoopback) =>
        uri.Scheme == Uri.UriSchemeHttps || (allowHttpLoopback && uri.Scheme == Uri.UriSchemeHttp && MandateServerOptionsValidator.IsLoopback(uri));

    private static string RawPath(string clientId)
    {
        var afterScheme = clientId.IndexOf("://", StringComparison.Ordinal) + 3;
        var slash = clientId.IndexOf('/', afterScheme);
        if (slash < 0)
        {
            return "";
        }

        var end = clientId.IndexOfAny(['?', '#'], slash);
        return end < 0 ? clientId[slash..] : clientId[slash..end];
    }
}

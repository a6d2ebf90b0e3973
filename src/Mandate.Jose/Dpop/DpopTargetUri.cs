// RFC 9449 §4.2 (htu: the HTTP target URI without query and fragment) and §4.3 item 9 with the RFC 3986
// §6.2.2 syntax-based and §6.2.3 scheme-based normalisation the RFC recommends: scheme and host in lower
// case, the default port dropped, an empty path read as "/", dot segments removed and percent-encoding
// made canonical (System.Uri does the last three).
namespace Mandate.Jose.Dpop;

/// <summary>Computes and compares DPoP <c>htu</c> values.</summary>
public static class DpopTargetUri
{
    /// <summary>The <c>htu</c> to write for a request to <paramref name="uri"/>: the URI without query and fragment.</summary>
    /// <param name="uri">An absolute http or https URI.</param>
    /// <returns>The normalised target URI.</returns>
    /// <exception cref="ArgumentException"><paramref name="uri"/> is relative or not http(s).</exception>
    public static string For(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return TryNormalize(uri, out string? normalized) ? normalized : throw new ArgumentException("A DPoP target URI must be an absolute http or https URI.", nameof(uri));
    }

    /// <summary>Whether the <c>htu</c> claim <paramref name="claimed"/> names the same target as <paramref name="actual"/>.</summary>
    /// <param name="claimed">The <c>htu</c> claim value.</param>
    /// <param name="actual">The URI of the request as received.</param>
    /// <returns><see langword="false"/> when either is not an absolute http(s) URI or they differ after normalisation.</returns>
    public static bool Matches(string claimed, Uri actual)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(actual);
        return Uri.TryCreate(claimed, UriKind.Absolute, out Uri? parsed)
            && TryNormalize(parsed, out string? left)
            && TryNormalize(actual, out string? right)
            && string.Equals(left, right, StringComparison.Ordinal);
    }

    private static bool TryNormalize(Uri uri, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.UserInfo.Length > 0)
        {
            return false;
        }

        // SchemeAndServer lower-cases scheme and host and omits the scheme's default port.
        normalized = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        if (uri.AbsolutePath == "/" && !normalized.EndsWith('/'))
        {
            normalized += "/";
        }

        return true;
    }
}

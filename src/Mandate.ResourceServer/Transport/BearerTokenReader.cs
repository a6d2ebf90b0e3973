// RFC 6750 §2: where an access token may travel.
// §2.1: Authorization = "Bearer" 1*SP b64token; the scheme name is case-insensitive (RFC 9110 §11.1).
// §2.3: the access_token query parameter, only when MandateBearerOptions.AllowQueryStringToken is set; otherwise a
//       query token is answered with invalid_request rather than ignored, so the client learns it leaked a token.
// §3.1: a request that uses more than one method, repeats the token, or is malformed (no credential, several,
//       a separator other than SP) gets invalid_request; one credential that is not a b64token (e.g. a JWT with
//       padded base64url segments) is a malformed access token and gets invalid_token (401).
// RFC 9449 §7.1: Authorization = "DPoP" 1*SP token68 is read the same way and marked, for Dpop/DpopRequestVerifier.
// Deviation: §2.2 (form body) is not supported; reading the body in an authentication handler is unsafe.
using System.Buffers;
using Mandate.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Mandate.ResourceServer.Transport;

internal static class BearerTokenReader
{
    private const string Scheme = "Bearer";

    // RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    private static readonly SearchValues<char> B64TokenChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/");

    // Characters that separate credentials: their presence means more than one credential, not one bad token.
    private static readonly SearchValues<char> Separators = SearchValues.Create(" \t,");

    // RFC 9110 §5.6.2: tchar, the characters of an auth-scheme name.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static BearerTokenReadResult Read(HttpRequest request, bool allowQueryString)
    {
        string? fromHeader = null;
        var dpop = false;
        var authorization = request.Headers[HeaderNames.Authorization];
        if (authorization.Count > 1)
        {
            return BearerTokenReadResult.Invalid("more than one Authorization header");
        }

        if (authorization.Count == 1 && authorization[0] is { } value && (IsScheme(value, Scheme) || (dpop = IsScheme(value, TokenTypes.DPoP))))
        {
            var length = dpop ? TokenTypes.DPoP.Length : Scheme.Length;
            var credentials = value.AsSpan(length).TrimStart(' ');
            if (value.Length == length || value[length] != ' ' || credentials.IsEmpty || credentials.ContainsAny(Separators))
            {
                return BearerTokenReadResult.Invalid("malformed Bearer or DPoP credentials");
            }

            if (!IsB64Token(credentials))
            {
                return BearerTokenReadResult.Malformed;
            }

            fromHeader = credentials.ToString();
        }

        if (request.QueryString.HasValue && request.Query.TryGetValue(OAuthParameters.AccessToken, out var query))
        {
            if (fromHeader is not null)
            {
                return BearerTokenReadResult.Invalid("token in both the Authorization header and the query string");
            }

            if (!allowQueryString)
            {
                return BearerTokenReadResult.Invalid("access_token in the query string is not accepted");
            }

            if (query.Count != 1 || query[0] is not { Length: > 0 } token)
            {
                return BearerTokenReadResult.Invalid("repeated or empty access_token query parameter");
            }

            if (!IsB64Token(token))
            {
                return BearerTokenReadResult.Malformed;
            }

            return BearerTokenReadResult.Found(token);
        }

        return fromHeader is null ? BearerTokenReadResult.None : BearerTokenReadResult.Found(fromHeader, dpop);
    }

    /// <summary>"Bearer" followed by the end of the value or a character that cannot continue a scheme name
    /// (RFC 9110 §5.6.2 tchar), so "BearerX" is another scheme while "Bearer\tx" is a malformed Bearer header.</summary>
    private static bool IsScheme(string value, string scheme) =>
        value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
        && (value.Length == scheme.Length || !TokenChars.Contains(value[scheme.Length]));

    internal static bool IsB64Token(ReadOnlySpan<char> value)
    {
        var end = value.Length;
        while (end > 0 && value[end - 1] == '=')
        {
            end--;
        }

        return end > 0 && !value[..end].ContainsAnyExcept(B64TokenChars);
    }
}

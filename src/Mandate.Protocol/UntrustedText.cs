// Values a request supplies (a claimed client_id, grant_type, scope, resource, an unverified assertion's iss, the kid
// of a token not yet verified) are written to the operator log, the audit log, traces and alerts. A client that puts a credential in the wrong field
// must not get it written there: the common case is an agent configured with its client id and secret swapped,
// which sends the secret as the client id. So every such value goes through ForRecord first: a value shaped like a
// Mandate client secret or refresh token (their prefixes exist for this, like secret scanners' patterns) or like a
// JWS/JWE compact serialisation (RFC 7515 §7.1, RFC 7516 §7.1: a base64url JSON header, "eyJ", then dots) is
// replaced as a whole, and any other value is cut to a bound. Control characters and Unicode bidirectional controls
// are escaped as \uXXXX, so that a value cannot start a forged log line or reorder what an operator reads.
using System.Buffers;
using System.Globalization;
using System.Text;
namespace Mandate.Protocol;

/// <summary>
/// Makes text from an untrusted source (a request, an unverified token) safe to log and to store: credential-shaped
/// values are redacted, the rest is bounded and its control characters escaped.
/// </summary>
public static class UntrustedText
{
    /// <summary>What is recorded instead of a credential-shaped value.</summary>
    public const string Redacted = "[redacted: credential-shaped value]";

    /// <summary>A bound for identifiers (client ids, key ids, issuers) taken from a request or an unverified token.</summary>
    public const int MaxIdentifierLength = 256;

    // Shortest run of base64url characters after a prefix that counts as a credential: a secret cut by a
    // truncation, or one with a character missing, is still a secret.
    private const int MinimumCredentialTail = 16;

    // C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
    private static readonly SearchValues<char> Unprintable = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F" +
        "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F" +
        "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary>
    /// <paramref name="value"/> as it may be logged or stored: <see cref="Redacted"/> when it holds anything
    /// credential-shaped, else the value cut to <paramref name="maxLength"/> characters, with control and
    /// bidirectional characters escaped as <c>\uXXXX</c>.
    /// </summary>
    public static string? ForRecord(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (LooksLikeCredential(value))
        {
            return Redacted;
        }

        var bounded = value.Length <= maxLength ? value : value[..maxLength];
        return bounded.AsSpan().IndexOfAny(Unprintable) < 0 ? bounded : Escape(bounded);
    }

    /// <summary>True when <paramref name="value"/> contains a Mandate secret or refresh token, or a JWS/JWE.</summary>
    public static bool LooksLikeCredential(ReadOnlySpan<char> value) =>
        ContainsPrefixed(value, CredentialPrefixes.ClientSecret)
        || ContainsPrefixed(value, CredentialPrefixes.RefreshToken)
        || ContainsCompactJose(value);

    private static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (Unprintable.Contains(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static bool ContainsPrefixed(ReadOnlySpan<char> value, string prefix)
    {
        for (var at = value.IndexOf(prefix, StringComparison.Ordinal); at >= 0; at = NextIndex(value, prefix, at))
        {
            if (Base64UrlRun(value[(at + prefix.Length)..]) >= MinimumCredentialTail)
            {
                return true;
            }
        }

        return false;
    }

    // "eyJ" (base64url of '{"'), a run of base64url characters, a dot, and another run: the first two parts of
    // every JWS and JWE. A token split across two fields still leaves its header and payload in one of them.
    private static bool ContainsCompactJose(ReadOnlySpan<char> value)
    {
        const string header = "eyJ";
        for (var at = value.IndexOf(header, StringComparison.Ordinal); at >= 0; at = NextIndex(value, header, at))
        {
            var rest = value[at..];
            var first = Base64UrlRun(rest);
            // A JWE with direct key agreement has an empty second part ("header..iv.ciphertext.tag").
            if (first >= MinimumCredentialTail && first < rest.Length && rest[first] == '.' && Base64UrlRun(rest[(first + 1)..].TrimStart('.')) >= 2)
            {
                return true;
            }
        }

        return false;
    }

    private static int NextIndex(ReadOnlySpan<char> value, string needle, int previous)
    {
        var next = value[(previous + 1)..].IndexOf(needle, StringComparison.Ordinal);
        return next < 0 ? -1 : previous + 1 + next;
    }

    private static int Base64UrlRun(ReadOnlySpan<char> value)
    {
        var length = 0;
        while (length < value.Length && IsBase64Url(value[length]))
        {
            length++;
        }

        return length;
    }

    private static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}

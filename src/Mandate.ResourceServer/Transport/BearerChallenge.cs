// RFC 6750 §3: WWW-Authenticate: Bearer with auth-params realm, error, scope; RFC 9728 §5.1 adds resource_metadata.
// Values are quoted-strings (RFC 9110 §5.6.4): '"' and '\' are escaped so no value can break out of its quotes.
// RFC 6750 §3.1: without any token in the request, no error code is sent at all.
using System.Text;
using Mandate.Protocol;

namespace Mandate.ResourceServer.Transport;

internal static class BearerChallenge
{
    public static string Format(string? realm, OAuthError? error, string? scope, string? resourceMetadata) =>
        Format(TokenTypes.Bearer, realm, error, scope, resourceMetadata, algs: null);

    /// <summary>A challenge of <paramref name="scheme"/> (Bearer, or DPoP with RFC 9449 §7.1 <c>algs</c>).</summary>
    public static string Format(string scheme, string? realm, OAuthError? error, string? scope, string? resourceMetadata, string? algs)
    {
        var builder = new StringBuilder(scheme);
        var first = true;
        Append(builder, ref first, "realm", realm);
        Append(builder, ref first, "algs", algs);
        Append(builder, ref first, "error", error?.Code);
        Append(builder, ref first, "error_description", error?.Description);
        Append(builder, ref first, "scope", scope);
        Append(builder, ref first, "resource_metadata", resourceMetadata);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, ref bool first, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        builder.Append(first ? " " : ", ").Append(name).Append("=\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            // Header values are ASCII: a control or non-ASCII character would make Kestrel fail the response.
            builder.Append(c < 0x20 || c >= 0x7F ? ' ' : c);
        }

        builder.Append('"');
        first = false;
    }
}

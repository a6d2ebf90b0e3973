// Strict application/x-www-form-urlencoded parsing of token requests (HTML URL-encoded form, as RFC 6749
// Appendix B uses). Rules enforced here:
//  - RFC 6749 §3.2: request and response parameters MUST NOT be included more than once -> invalid_request
//    (names in the multi-valued set, such as RFC 8707 resource, are collected and judged by the grant).
//  - RFC 6749 §3.2: parameters sent without a value are treated as omitted.
//  - Malformed percent-encoding or invalid UTF-8 -> invalid_request (never a 500).
using System.Buffers;
using System.Text;
using Mandate.Protocol;
using Microsoft.Extensions.Primitives;

namespace Mandate.Server.Endpoints;

internal static class FormBody
{
    /// <summary>Parses <paramref name="body"/>. Returns null on success, else the error to send.</summary>
    public static OAuthError? TryParse(ReadOnlySpan<byte> body, IReadOnlySet<string> multiValued, out Dictionary<string, StringValues> parameters)
    {
        parameters = new Dictionary<string, StringValues>(8, StringComparer.Ordinal);
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(body.Length, 16));
        try
        {
            while (!body.IsEmpty)
            {
                var end = body.IndexOf((byte)'&');
                var pair = end < 0 ? body : body[..end];
                body = end < 0 ? [] : body[(end + 1)..];
                if (pair.IsEmpty)
                {
                    continue;
                }

                var equals = pair.IndexOf((byte)'=');
                var rawName = equals < 0 ? pair : pair[..equals];
                var rawValue = equals < 0 ? [] : pair[(equals + 1)..];
                if (!TryDecode(rawName, scratch, out var name) || name.Length == 0 || !TryDecode(rawValue, scratch, out var value))
                {
                    return ErrorDescriptions.MalformedBody;
                }

                if (value.Length == 0)
                {
                    continue;
                }

                if (parameters.TryGetValue(name, out var existing))
                {
                    if (!multiValued.Contains(name))
                    {
                        return ErrorDescriptions.DuplicateParameter;
                    }

                    parameters[name] = StringValues.Concat(existing, value);
                }
                else
                {
                    parameters.Add(name, value);
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch, clearArray: true);
        }
    }

    /// <summary>Decodes '+' to space and %HH to a byte, then requires valid UTF-8.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, Span<byte> scratch, out string decoded)
    {
        decoded = "";
        if (encoded.IsEmpty)
        {
            return true;
        }

        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == (byte)'+')
            {
                b = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 >= encoded.Length || !TryHex(encoded[i + 1], out var high) || !TryHex(encoded[i + 2], out var low))
                {
                    return false;
                }

                b = (byte)((high << 4) | low);
                i += 2;
            }

            scratch[length++] = b;
        }

        var bytes = scratch[..length];
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return false;
        }

        decoded = Encoding.UTF8.GetString(bytes);
        return true;
    }

    private static bool TryHex(byte c, out int value)
    {
        value = c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}

// RFC 7515 §7.1 (compact serialization: three base64url segments), §5.2 steps 1–4 (split, decode,
// parse the header), §4.1.11 (crit: we understand no extensions, so any crit is rejected),
// RFC 7797 §3/§6 (b64 must be listed in crit; an unencoded payload is therefore never accepted).
using System.Text.Json;
using Mandate.Jose.Algorithms;

namespace Mandate.Jose.Jws;

/// <summary>Allocation-light parsing shared by <see cref="JwsReader"/> and the JWT validator.</summary>
internal static class JwsCompact
{
    /// <summary>Finds the two dots and checks every segment is canonical base64url.</summary>
    internal static JoseErrorCode Split(ReadOnlySpan<char> compact, out int firstDot, out int secondDot)
    {
        firstDot = compact.IndexOf('.');
        secondDot = firstDot < 0 ? -1 : compact[(firstDot + 1)..].IndexOf('.');
        if (secondDot < 0)
        {
            return JoseErrorCode.Malformed;
        }

        secondDot += firstDot + 1;
        if (compact[(secondDot + 1)..].Contains('.'))
        {
            return JoseErrorCode.Malformed;
        }

        bool canonical = Base64Url.IsCanonical(compact[..firstDot])
            && Base64Url.IsCanonical(compact[(firstDot + 1)..secondDot])
            && Base64Url.IsCanonical(compact[(secondDot + 1)..]);
        return canonical ? JoseErrorCode.None : JoseErrorCode.InvalidBase64Url;
    }

    /// <summary>Decodes and checks a header segment already known to be canonical base64url.</summary>
    internal static JoseErrorCode ReadHeader(ReadOnlySpan<char> segment, out JwsHeader header)
    {
        header = default;
        byte[] json = new byte[Base64Url.GetDecodedLength(segment.Length)];
        if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(segment, json, out _))
        {
            return JoseErrorCode.InvalidBase64Url;
        }

        JoseErrorCode error = StrictJson.CheckObject(json);
        if (error != JoseErrorCode.None)
        {
            return error;
        }

        SignatureAlgorithm? algorithm = null;
        bool hasAlg = false;
        string? kid = null, typ = null;
        var reader = new Utf8JsonReader(json, StrictJson.ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("alg"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return JoseErrorCode.Malformed;
                }

                hasAlg = true;
                algorithm = reader.ValueIsEscaped ? FindEscaped(ref reader) : SignatureAlgorithm.Find(reader.ValueSpan);
            }
            else if (reader.ValueTextEquals("kid"u8))
            {
                if (!TryReadString(ref reader, out kid))
                {
                    return JoseErrorCode.Malformed;
                }
            }
            else if (reader.ValueTextEquals("typ"u8))
            {
                if (!TryReadString(ref reader, out typ))
                {
                    return JoseErrorCode.Malformed;
                }
            }
            else if (reader.ValueTextEquals("crit"u8) || reader.ValueTextEquals("b64"u8))
            {
                // RFC 7515 §4.1.11: a recipient that does not understand a listed extension MUST reject.
                return JoseErrorCode.UnsupportedCriticalHeader;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasAlg)
        {
            return JoseErrorCode.Malformed;
        }

        // RFC 8725 §3.1/§3.2: "none", HS* and unknown names never reach key selection.
        if (algorithm is null)
        {
            return JoseErrorCode.UnsupportedAlgorithm;
        }

        header = new JwsHeader(algorithm, kid, typ, json);
        return JoseErrorCode.None;
    }

    private static SignatureAlgorithm? FindEscaped(ref Utf8JsonReader reader)
    {
        string? name = reader.GetString();
        return name is not null && SignatureAlgorithm.TryGet(name, out SignatureAlgorithm? algorithm) ? algorithm : null;
    }

    private static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null;
    }
}

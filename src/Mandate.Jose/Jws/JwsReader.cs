// RFC 7515 §5.2 steps 1–4 (split and header checks) with RFC 8725 §2/§3 hardening: size limit first,
// strict base64url, duplicate-free JSON, no "none"/HS*, no crit, no key from jku/x5u/jwk/x5c.
namespace Mandate.Jose.Jws;

/// <summary>Reads the protected header of a compact JWS without verifying it.</summary>
public static class JwsReader
{
    /// <summary>Splits a compact JWS and decodes its header, applying every header-level check.</summary>
    /// <param name="compact">The compact serialization; <see langword="null"/> gives <see cref="JoseErrorCode.Malformed"/>.</param>
    /// <param name="maxLength">Maximum length in characters, checked before anything is decoded.</param>
    /// <param name="header">The header; <see langword="default"/> on failure.</param>
    /// <returns>
    /// <see cref="JoseErrorCode.None"/>, or <see cref="JoseErrorCode.TokenTooLarge"/>, <see cref="JoseErrorCode.Malformed"/>
    /// (not three segments, <c>alg</c> missing or not a string, <c>kid</c>/<c>typ</c> not strings),
    /// <see cref="JoseErrorCode.InvalidBase64Url"/>, <see cref="JoseErrorCode.InvalidJson"/>,
    /// <see cref="JoseErrorCode.DuplicateJsonMember"/>, <see cref="JoseErrorCode.UnsupportedCriticalHeader"/>
    /// or <see cref="JoseErrorCode.UnsupportedAlgorithm"/>.
    /// </returns>
    public static JoseErrorCode TryReadHeader(string compact, int maxLength, out JwsHeader header)
    {
        header = default;
        if (compact is null)
        {
            return JoseErrorCode.Malformed;
        }

        if (compact.Length > maxLength)
        {
            return JoseErrorCode.TokenTooLarge;
        }

        JoseErrorCode error = JwsCompact.Split(compact, out int firstDot, out _);
        return error != JoseErrorCode.None ? error : JwsCompact.ReadHeader(compact.AsSpan(0, firstDot), out header);
    }
}

// RFC 7519 §7.2 (validating a JWT), RFC 7515 §5.2 (validating a JWS), RFC 8725 §3 (BCP): size limit
// before decoding; the key (found by kid only) fixes the algorithm; the signature is verified before
// any claim is read; exp/nbf/iat with a bounded skew; explicit typ (§3.11); iss and aud (§3.8–§3.9).
using System.Buffers;
using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;

namespace Mandate.Jose.Jwt;

/// <summary>Validates compact JWS-signed JWTs.</summary>
public static class JwtValidator
{
    private const int StackLimit = 512;

    /// <summary>
    /// Validates a token. Order: size → structure and header (alg allow-list, crit, typ) → key by <c>kid</c>
    /// → key algorithm equals header <c>alg</c> → signature → payload JSON → claims (required claims,
    /// <c>iss</c>, <c>aud</c>, <c>exp</c>, <c>nbf</c>, <c>iat</c>). The first failing check is reported.
    /// </summary>
    /// <param name="token">The compact JWT.</param>
    /// <param name="keys">The trusted keys; header <c>jku</c>/<c>x5u</c>/<c>jwk</c>/<c>x5c</c> are never used.</param>
    /// <param name="parameters">What to accept.</param>
    /// <returns>The result; never throws for a bad token. A caller seeing <see cref="JoseErrorCode.UnknownKeyId"/> may refresh keys and retry once.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static JwtValidationResult Validate(string token, VerificationKeySet keys, JwtValidationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(parameters);

        // RFC 8725 §3.x: bound the work an unauthenticated party can cause before anything is decoded.
        if (token.Length > parameters.MaxTokenLength)
        {
            return Fail(JoseErrorCode.TokenTooLarge);
        }

        JoseErrorCode error = JwsCompact.Split(token, out int firstDot, out int secondDot);
        if (error != JoseErrorCode.None)
        {
            return Fail(error);
        }

        error = JwsCompact.ReadHeader(token.AsSpan(0, firstDot), out JwsHeader header);
        if (error != JoseErrorCode.None)
        {
            return Fail(error);
        }

        if (!IsAllowed(parameters.AllowedAlgorithms, header.Algorithm!))
        {
            return Fail(JoseErrorCode.UnsupportedAlgorithm, header);
        }

        if (parameters.ValidTypes.Count > 0 && !IsValidType(header.Typ, parameters.ValidTypes))
        {
            return Fail(JoseErrorCode.InvalidType, header);
        }

        if (!keys.TryFind(header.Kid, out VerificationKey? key))
        {
            return Fail(JoseErrorCode.UnknownKeyId, header);
        }

        // RFC 8725 §3.1: the key decides the algorithm; the header may only agree with it.
        if (!ReferenceEquals(key.Algorithm, header.Algorithm))
        {
            return Fail(JoseErrorCode.AlgorithmMismatch, header, key.KeyId);
        }

        if (!VerifySignature(token, firstDot, secondDot, key))
        {
            return Fail(JoseErrorCode.InvalidSignature, header, key.KeyId);
        }

        error = ReadClaims(token.AsSpan(firstDot + 1, secondDot - firstDot - 1), out JwtClaims? claims);
        if (error == JoseErrorCode.None)
        {
            error = JwtClaimChecks.Check(claims!, parameters);
        }

        return error == JoseErrorCode.None
            ? new JwtValidationResult(JoseErrorCode.None, header, key.KeyId, claims)
            : Fail(error, header, key.KeyId);
    }

    internal static bool VerifySignature(string token, int firstDot, int secondDot, VerificationKey key)
    {
        ReadOnlySpan<char> encodedSignature = token.AsSpan(secondDot + 1);
        int signatureLength = Base64Url.GetDecodedLength(encodedSignature.Length);
        if (signatureLength > StackLimit)
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[StackLimit];
        if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(encodedSignature, signature, out signatureLength))
        {
            return false;
        }

        // RFC 7515 §5.2 step 8: the signing input is the ASCII of the first two segments as received.
        byte[] signingInput = ArrayPool<byte>.Shared.Rent(secondDot);
        try
        {
            int length = Encoding.ASCII.GetBytes(token.AsSpan(0, secondDot), signingInput);
            return key.Verify(signingInput.AsSpan(0, length), signature[..signatureLength]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signingInput);
        }
    }

    internal static JoseErrorCode ReadClaims(ReadOnlySpan<char> encodedPayload, out JwtClaims? claims)
    {
        claims = null;
        int length = Base64Url.GetDecodedLength(encodedPayload.Length);
        byte[]? rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> payload = rented ?? stackalloc byte[StackLimit];
        try
        {
            if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(encodedPayload, payload, out length))
            {
                return JoseErrorCode.InvalidBase64Url;
            }

            return JwtClaims.TryParse(payload[..length], out claims, out JoseErrorCode error) ? JoseErrorCode.None : error;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IsAllowed(IReadOnlyCollection<SignatureAlgorithm> allowed, SignatureAlgorithm algorithm)
    {
        foreach (SignatureAlgorithm candidate in allowed)
        {
            if (ReferenceEquals(candidate, algorithm))
            {
                return true;
            }
        }

        return false;
    }

    // RFC 7515 §4.1.9: "application/" may be omitted from typ, and media types compare case-insensitively.
    private static bool IsValidType(string? typ, IReadOnlyCollection<string> validTypes)
    {
        if (typ is null)
        {
            return false;
        }

        ReadOnlySpan<char> actual = StripApplicationPrefix(typ);
        foreach (string valid in validTypes)
        {
            if (actual.Equals(StripApplicationPrefix(valid), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<char> StripApplicationPrefix(string type)
        => type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) ? type.AsSpan("application/".Length) : type;

    private static JwtValidationResult Fail(JoseErrorCode error, JwsHeader header = default, string? keyId = null)
        => new(error, header, keyId ?? header.Kid, null);
}

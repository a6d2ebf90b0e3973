// RFC 9449 §4.3 (checking DPoP proofs), items 2-9, 11 and 12; item 1 (one DPoP header) and item 10 (nonce)
// belong to the HTTP layer, and the jti replay check (§11.1) to the caller's replay cache, since both need
// state. RFC 8725 hardening as for every JWS here: size first, strict base64url and JSON, no crit, no
// none/HS*, the key fixes the algorithm, the signature is checked before any claim is read.
using System.Text.Json;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;

namespace Mandate.Jose.Dpop;

/// <summary>Validates DPoP proof JWTs (RFC 9449 §4.3).</summary>
public static class DpopProofValidator
{
    /// <summary>The <c>typ</c> of a DPoP proof (RFC 9449 §4.2).</summary>
    public const string ProofType = "dpop+jwt";

    /// <summary>Validates one proof. Never throws for bad input; the first failing check is reported.</summary>
    /// <param name="proof">The value of the single <c>DPoP</c> header.</param>
    /// <param name="parameters">The request the proof must match.</param>
    /// <returns>The verified proof, or the error of the first failed check.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static DpopProofResult Validate(string proof, DpopProofParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(parameters);
        if (proof.Length > parameters.MaxLength || JwsCompact.Split(proof, out int firstDot, out int secondDot) != JoseErrorCode.None)
        {
            return Fail(DpopProofError.Malformed);
        }

        JoseErrorCode error = JwsCompact.ReadHeader(proof.AsSpan(0, firstDot), out JwsHeader header);
        if (error == JoseErrorCode.UnsupportedAlgorithm)
        {
            return Fail(DpopProofError.UnsupportedAlgorithm);
        }

        if (error != JoseErrorCode.None)
        {
            return Fail(DpopProofError.Malformed);
        }

        // RFC 9449 §4.3 item 4; the media type is compared exactly, as §4.2 registers it.
        if (header.Typ != ProofType)
        {
            return Fail(DpopProofError.InvalidType);
        }

        if (!Contains(parameters.AllowedAlgorithms, header.Algorithm!))
        {
            return Fail(DpopProofError.UnsupportedAlgorithm);
        }

        JsonWebKey? jwk = ReadKey(header.RawJson);
        if (jwk is null || jwk.HasPrivateKey || !VerificationKey.TryCreate(jwk, out VerificationKey? key, out _, header.Algorithm))
        {
            return Fail(DpopProofError.InvalidKey);
        }

        using (key)
        {
            if (!JwtValidator.VerifySignature(proof, firstDot, secondDot, key))
            {
                return Fail(DpopProofError.InvalidSignature);
            }
        }

        if (JwtValidator.ReadClaims(proof.AsSpan(firstDot + 1, secondDot - firstDot - 1), out JwtClaims? claims) != JoseErrorCode.None)
        {
            return Fail(DpopProofError.Malformed);
        }

        return CheckClaims(claims!, parameters, jwk);
    }

    private static DpopProofResult CheckClaims(JwtClaims claims, DpopProofParameters parameters, JsonWebKey jwk)
    {
        string? htm = ReadString(claims, "htm"), htu = ReadString(claims, "htu");
        if (claims.JwtId is not { Length: > 0 } jti || jti.Length > parameters.MaxJwtIdLength || htm is null || htu is null || claims.IssuedAt is not { } iat)
        {
            return Fail(DpopProofError.MissingClaim);
        }

        if (!string.Equals(htm, parameters.Method, StringComparison.Ordinal))
        {
            return Fail(DpopProofError.MethodMismatch);
        }

        if (!DpopTargetUri.Matches(htu, parameters.Uri))
        {
            return Fail(DpopProofError.UriMismatch);
        }

        // RFC 9449 §11.1: a proof is accepted only for a short window after its creation.
        if (iat > parameters.Now + parameters.ClockSkew || iat < parameters.Now - parameters.MaxAge - parameters.ClockSkew)
        {
            return Fail(DpopProofError.IssuedAtOutOfWindow);
        }

        if (parameters.AccessToken is not null && (ReadString(claims, "ath") is not { } ath || !DpopAccessTokenHash.Matches(ath, parameters.AccessToken)))
        {
            return Fail(DpopProofError.AccessTokenHashMismatch);
        }

        JsonWebKey publicKey = jwk.ToPublic();
        return new DpopProofResult(DpopProofError.None, new DpopProof(publicKey, publicKey.ComputeThumbprint(), jti, iat, ReadString(claims, "nonce")));
    }

    private static JsonWebKey? ReadKey(ReadOnlyMemory<byte> headerJson)
    {
        // The header already passed StrictJson (valid UTF-8, no duplicates at any depth), so parsing cannot throw.
        using JsonDocument document = JsonDocument.Parse(headerJson, new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth });
        return document.RootElement.TryGetProperty("jwk"u8, out JsonElement element)
            && JsonWebKeyReader.TryRead(element, out JsonWebKey? key, out _) ? key : null;
    }

    private static string? ReadString(JwtClaims claims, string name)
        => claims.TryGetClaim(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Contains(IReadOnlyCollection<SignatureAlgorithm> allowed, SignatureAlgorithm algorithm)
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

    private static DpopProofResult Fail(DpopProofError error) => new(error, null);
}

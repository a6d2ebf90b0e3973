// Validation of an operator's private JWK for POST /admin/keys. Accepted: EC P-256 (ES256), EC P-384
// (ES384), RSA with a modulus of at least 2048 bits (PS256 unless the JWK names RS256), each with its
// private part. Anything else is refused before it reaches the store (RFC 8725 §3.5: key sizes).
using Mandate.Jose;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;

namespace Mandate.Server.Keys;

internal static class SigningKeyImport
{
    /// <summary>Builds a signing key from the JWK, or returns false with a client-facing reason.</summary>
    public static bool TryCreate(JsonWebKey jwk, out SigningKey? key, out string error)
    {
        key = null;
        error = "";
        if (!jwk.HasPrivateKey)
        {
            error = "The JWK has no private key.";
            return false;
        }

        SignatureAlgorithm algorithm;
        if (jwk.Kty == "EC" && jwk.Crv == "P-256" && jwk.Alg is null or "ES256")
        {
            algorithm = SignatureAlgorithm.ES256;
        }
        else if (jwk.Kty == "EC" && jwk.Crv == "P-384" && jwk.Alg is null or "ES384")
        {
            algorithm = SignatureAlgorithm.ES384;
        }
        else if (jwk.Kty == "RSA" && jwk.Alg is null or "PS256" or "RS256")
        {
            if (jwk.N is null || !Base64Url.TryDecode(jwk.N, out var modulus) || ModulusBits(modulus) < 2048)
            {
                error = "RSA keys must have a modulus of at least 2048 bits.";
                return false;
            }

            algorithm = jwk.Alg == "RS256" ? SignatureAlgorithm.RS256 : SignatureAlgorithm.PS256;
        }
        else
        {
            error = "Only EC P-256, EC P-384 and RSA (2048 bits or more) keys with a matching alg are accepted.";
            return false;
        }

        try
        {
            key = SigningKey.FromJwk(jwk, algorithm);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or System.Security.Cryptography.CryptographicException or FormatException or InvalidOperationException)
        {
            error = "The JWK is not a valid private key.";
            return false;
        }
    }

    private static int ModulusBits(byte[] modulus)
    {
        var start = 0;
        while (start < modulus.Length && modulus[start] == 0)
        {
            start++;
        }

        return start == modulus.Length ? 0 : ((modulus.Length - start - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[start]));
    }
}

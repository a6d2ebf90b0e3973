// RFC 7518 §6.2 (EC key parameters) and §6.3 (RSA key parameters): conversion between JWK members
// and .NET ECParameters/RSAParameters. Coordinates are fixed-width (§6.2.1.2); "n" has no leading
// zero octets (§6.3.1.1); RSA private keys need all CRT members (§6.3.2), because .NET needs them.
using System.Security.Cryptography;
using Mandate.Jose.Algorithms;

namespace Mandate.Jose.Jwk;

/// <summary>Converts between JWK members and .NET key parameters.</summary>
internal static class JsonWebKeyConverter
{
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";

    internal static JsonWebKey FromECParameters(ECParameters parameters, string? kid, string? alg, string? use)
    {
        string crv = parameters.Curve.Oid?.Value switch
        {
            P256Oid => "P-256",
            P384Oid => "P-384",
            _ => parameters.Curve.Oid?.FriendlyName switch
            {
                "nistP256" or "ECDSA_P256" => "P-256",
                "nistP384" or "ECDSA_P384" => "P-384",
                _ => throw new ArgumentException("Only P-256 and P-384 keys are supported.", nameof(parameters)),
            },
        };
        return new JsonWebKey
        {
            Kty = "EC", Kid = kid, Alg = alg, Use = use, Crv = crv,
            X = Base64Url.Encode(parameters.Q.X), Y = Base64Url.Encode(parameters.Q.Y),
            D = parameters.D is null ? null : Base64Url.Encode(parameters.D),
        };
    }

    internal static JsonWebKey FromRsaParameters(RSAParameters parameters, string? kid, string? alg, string? use)
    {
        bool hasPrivate = parameters.D is not null;
        return new JsonWebKey
        {
            Kty = "RSA", Kid = kid, Alg = alg, Use = use,
            N = Base64Url.Encode(TrimLeadingZeros(parameters.Modulus!)), E = Base64Url.Encode(TrimLeadingZeros(parameters.Exponent!)),
            D = hasPrivate ? Base64Url.Encode(parameters.D) : null,
            P = hasPrivate ? Base64Url.Encode(parameters.P) : null,
            Q = hasPrivate ? Base64Url.Encode(parameters.Q) : null,
            DP = hasPrivate ? Base64Url.Encode(parameters.DP) : null,
            DQ = hasPrivate ? Base64Url.Encode(parameters.DQ) : null,
            QI = hasPrivate ? Base64Url.Encode(parameters.InverseQ) : null,
        };
    }

    /// <summary>Imports an EC JWK for <paramref name="algorithm"/>; <see langword="null"/> when the members do not fit.</summary>
    internal static ECDsa? TryCreateECDsa(JsonWebKey jwk, SignatureAlgorithm algorithm, bool includePrivate)
    {
        if (jwk.Kty != "EC" || jwk.Crv != algorithm.Curve)
        {
            return null;
        }

        byte[]? x = Decode(jwk.X), y = Decode(jwk.Y), d = includePrivate ? Decode(jwk.D) : null;
        int size = algorithm.FieldSize;
        if (x is null || y is null || x.Length != size || y.Length != size || (includePrivate && (d is null || d.Length != size)))
        {
            return null;
        }

        var parameters = new ECParameters { Curve = algorithm.EcCurve, Q = new ECPoint { X = x, Y = y }, D = d };
        ECDsa ecdsa = ECDsa.Create();
        try
        {
            // ImportParameters validates that Q is on the curve (and matches D when present).
            ecdsa.ImportParameters(parameters);
            return ecdsa;
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            return null;
        }
    }

    /// <summary>Imports an RSA JWK of at least 2048 bits; <see langword="null"/> when the members do not fit.</summary>
    internal static RSA? TryCreateRsa(JsonWebKey jwk, bool includePrivate)
    {
        byte[]? n = Decode(jwk.N), e = Decode(jwk.E);
        if (jwk.Kty != "RSA" || n is null || e is null || n[0] == 0 || e[0] == 0 || e.Length > 8
            || n.Length * 8 < SignatureAlgorithm.MinimumRsaKeySize)
        {
            return null;
        }

        var parameters = new RSAParameters { Modulus = n, Exponent = e };
        if (includePrivate)
        {
            int half = (n.Length + 1) / 2;
            parameters.D = Pad(Decode(jwk.D), n.Length);
            parameters.P = Pad(Decode(jwk.P), half);
            parameters.Q = Pad(Decode(jwk.Q), half);
            parameters.DP = Pad(Decode(jwk.DP), half);
            parameters.DQ = Pad(Decode(jwk.DQ), half);
            parameters.InverseQ = Pad(Decode(jwk.QI), half);
            if (parameters.D is null || parameters.P is null || parameters.Q is null
                || parameters.DP is null || parameters.DQ is null || parameters.InverseQ is null)
            {
                return null;
            }
        }

        RSA rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(parameters);
            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            return null;
        }
    }

    private static byte[]? Decode(string? value) => value is not null && Base64Url.TryDecode(value, out byte[] bytes) && bytes.Length > 0 ? bytes : null;

    // .NET wants CRT members at exactly half the modulus size; JWKs may drop leading zero octets.
    private static byte[]? Pad(byte[]? value, int length)
    {
        if (value is null || value.Length > length)
        {
            return null;
        }

        if (value.Length == length)
        {
            return value;
        }

        byte[] padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        int start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return start == 0 ? value : value[start..];
    }
}

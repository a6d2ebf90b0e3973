using System.Security.Cryptography;
using Mandate.Jose;
using Mandate.Jose.Jwk;

namespace Mandate.Cli.Probe;

/// <summary>Exports a public JWK as a PEM SubjectPublicKeyInfo, the form key-confusion attacks use as an HMAC secret.</summary>
internal static class PublicKeyPem
{
    /// <summary>Returns <c>-----BEGIN PUBLIC KEY-----...</c> for an EC or RSA public JWK.</summary>
    public static string Export(JsonWebKey jwk)
    {
        if (jwk.Kty == "RSA")
        {
            using var rsa = RSA.Create(new RSAParameters { Modulus = Decode(jwk.N), Exponent = Decode(jwk.E) });
            return rsa.ExportSubjectPublicKeyInfoPem();
        }

        ECCurve curve = jwk.Crv switch
        {
            "P-384" => ECCurve.NamedCurves.nistP384,
            "P-521" => ECCurve.NamedCurves.nistP521,
            _ => ECCurve.NamedCurves.nistP256,
        };
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = Decode(jwk.X), Y = Decode(jwk.Y) } });
        return ecdsa.ExportSubjectPublicKeyInfoPem();
    }

    private static byte[] Decode(string? value) =>
        value is not null && Base64Url.TryDecode(value, out byte[] bytes) ? bytes : throw new CliException(ExitCodes.Failure, "the issuer's JWK is malformed");
}

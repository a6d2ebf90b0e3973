// RFC 7518 §3.4 (ES256/ES384, IEEE P1363 r||s signatures) and §3.3/§3.5 (RS256/PS256). The probe needs
// headers that Mandate.Jose deliberately cannot produce (jwk, jku, crit, forged kid), so it signs itself.
using System.Security.Cryptography;
using Mandate.Jose;
using Mandate.Jose.Jwk;

namespace Mandate.Cli.Probe;

/// <summary>A private key the probe signs forged tokens with: a fresh attacker key, or the operator's trusted key.</summary>
internal sealed class ProbeKey : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;

    private ProbeKey(ECDsa? ecdsa, RSA? rsa, string algorithm, string keyId, JsonWebKey publicJwk)
    {
        _ecdsa = ecdsa;
        _rsa = rsa;
        Algorithm = algorithm;
        KeyId = keyId;
        PublicJwk = publicJwk;
    }

    /// <summary>The JWS <c>alg</c>: ES256, ES384, RS256 or PS256.</summary>
    public string Algorithm { get; }

    /// <summary>The <c>kid</c> put in headers signed by this key.</summary>
    public string KeyId { get; }

    /// <summary>The public JWK (with kid and alg), e.g. for an embedded <c>jwk</c> header or an attacker JWKS.</summary>
    public JsonWebKey PublicJwk { get; }

    /// <summary>A new P-256 key nobody trusts, with kid <c>probe-attacker-…</c>.</summary>
    public static ProbeKey GenerateAttacker()
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string kid = "probe-attacker-" + Base64Url.Encode(RandomNumberGenerator.GetBytes(6));
        return new ProbeKey(ecdsa, null, "ES256", kid, JsonWebKey.FromECDsa(ecdsa, includePrivate: false, kid, "ES256"));
    }

    /// <summary>Loads a private JWK (EC P-256/P-384 or RSA); throws a usage error for anything else.</summary>
    public static ProbeKey FromJwk(JsonWebKey jwk, string source)
    {
        if (!jwk.HasPrivateKey || jwk.D is null)
        {
            throw CliException.Usage($"--signing-key: {source} is not a private key");
        }

        string kid = jwk.Kid ?? jwk.ComputeThumbprint();
        if (jwk.Kty == "EC")
        {
            (ECCurve curve, string alg) = jwk.Crv switch
            {
                "P-256" => (ECCurve.NamedCurves.nistP256, "ES256"),
                "P-384" => (ECCurve.NamedCurves.nistP384, "ES384"),
                _ => throw CliException.Usage($"--signing-key: curve {jwk.Crv} is not supported (P-256, P-384)"),
            };
            var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = curve,
                D = Decode(jwk.D),
                Q = new ECPoint { X = Decode(jwk.X), Y = Decode(jwk.Y) },
            });
            return new ProbeKey(ecdsa, null, jwk.Alg ?? alg, kid, jwk.ToPublic());
        }

        if (jwk.Kty == "RSA")
        {
            var rsa = RSA.Create(new RSAParameters
            {
                Modulus = Decode(jwk.N), Exponent = Decode(jwk.E), D = Decode(jwk.D),
                P = Decode(jwk.P), Q = Decode(jwk.Q), DP = Decode(jwk.DP), DQ = Decode(jwk.DQ), InverseQ = Decode(jwk.QI),
            });
            return new ProbeKey(null, rsa, jwk.Alg ?? "RS256", kid, jwk.ToPublic());
        }

        throw CliException.Usage($"--signing-key: key type {jwk.Kty} is not supported (EC, RSA)");
    }

    /// <summary>Signs <paramref name="signingInput"/> with this key's algorithm.</summary>
    public byte[] Sign(byte[] signingInput)
    {
        if (_ecdsa is not null)
        {
            HashAlgorithmName hash = Algorithm == "ES384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
            return _ecdsa.SignData(signingInput, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        RSASignaturePadding padding = Algorithm == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        return _rsa!.SignData(signingInput, HashAlgorithmName.SHA256, padding);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    private static byte[] Decode(string? value) =>
        value is not null && Base64Url.TryDecode(value, out byte[] bytes) ? bytes : throw CliException.Usage("--signing-key: a key member is not base64url");
}

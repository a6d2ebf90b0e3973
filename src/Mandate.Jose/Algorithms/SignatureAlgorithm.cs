// RFC 7518 §3.1 (alg registry), §3.3 (RS256), §3.4 (ES256/ES384, IEEE P1363 r||s), §3.5 (PS256).
// RFC 8725 §3.1/§3.2: only asymmetric algorithms exist here; "none" and HS* are never representable.
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Mandate.Jose.Algorithms;

/// <summary>
/// A JWS signature algorithm supported by Mandate. Instances are immutable singletons, so reference
/// equality is algorithm equality.
/// </summary>
public sealed class SignatureAlgorithm
{
    private SignatureAlgorithm(string name, string keyType, string? curve, HashAlgorithmName hash, int fieldSize, RSASignaturePadding? padding)
    {
        Name = name;
        KeyType = keyType;
        Curve = curve;
        HashAlgorithm = hash;
        FieldSize = fieldSize;
        RsaPadding = padding;
        NameUtf8 = System.Text.Encoding.ASCII.GetBytes(name);
    }

    /// <summary>ECDSA on P-256 with SHA-256; 64-byte IEEE P1363 signature (RFC 7518 §3.4). The default.</summary>
    public static SignatureAlgorithm ES256 { get; } = new("ES256", "EC", "P-256", HashAlgorithmName.SHA256, 32, null);

    /// <summary>ECDSA on P-384 with SHA-384; 96-byte IEEE P1363 signature (RFC 7518 §3.4).</summary>
    public static SignatureAlgorithm ES384 { get; } = new("ES384", "EC", "P-384", HashAlgorithmName.SHA384, 48, null);

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3); keys of at least 2048 bits.</summary>
    public static SignatureAlgorithm RS256 { get; } = new("RS256", "RSA", null, HashAlgorithmName.SHA256, 0, RSASignaturePadding.Pkcs1);

    /// <summary>RSASSA-PSS with SHA-256 and MGF1-SHA-256 (RFC 7518 §3.5); keys of at least 2048 bits.</summary>
    public static SignatureAlgorithm PS256 { get; } = new("PS256", "RSA", null, HashAlgorithmName.SHA256, 0, RSASignaturePadding.Pss);

    /// <summary>All supported algorithms, in preference order (ES256 first).</summary>
    public static IReadOnlyList<SignatureAlgorithm> All { get; } = [ES256, ES384, RS256, PS256];

    /// <summary>The JOSE <c>alg</c> value, for example <c>"ES256"</c>.</summary>
    public string Name { get; }

    /// <summary>The JWK <c>kty</c> this algorithm needs: <c>"EC"</c> or <c>"RSA"</c>.</summary>
    public string KeyType { get; }

    /// <summary>The JWK <c>crv</c> for EC algorithms (<c>"P-256"</c>, <c>"P-384"</c>); <see langword="null"/> for RSA.</summary>
    public string? Curve { get; }

    /// <summary>The digest used by the algorithm.</summary>
    public HashAlgorithmName HashAlgorithm { get; }

    /// <summary>Minimum RSA modulus size in bits (RFC 7518 §3.3: 2048).</summary>
    internal const int MinimumRsaKeySize = 2048;

    /// <summary>EC coordinate size in bytes (32 or 48); 0 for RSA.</summary>
    internal int FieldSize { get; }

    /// <summary>The RSA padding; <see langword="null"/> for EC.</summary>
    internal RSASignaturePadding? RsaPadding { get; }

    /// <summary>The name as ASCII bytes, for allocation-free header matching.</summary>
    internal byte[] NameUtf8 { get; }

    /// <summary>True for the ECDSA algorithms.</summary>
    internal bool IsEcdsa => FieldSize != 0;

    /// <summary>The named curve for EC algorithms.</summary>
    internal ECCurve EcCurve => FieldSize == 32 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384;

    /// <summary>Looks up a supported algorithm by its exact, case-sensitive JOSE name (RFC 7515 §4.1.1).</summary>
    /// <param name="name">The <c>alg</c> value.</param>
    /// <param name="algorithm">The algorithm; <see langword="null"/> when the result is <see langword="false"/>.</param>
    /// <returns><see langword="false"/> for <c>none</c> in any spelling, HS*, and every unknown name.</returns>
    public static bool TryGet(string name, [MaybeNullWhen(false)] out SignatureAlgorithm algorithm)
    {
        algorithm = name switch
        {
            "ES256" => ES256,
            "ES384" => ES384,
            "RS256" => RS256,
            "PS256" => PS256,
            _ => null,
        };
        return algorithm is not null;
    }

    /// <summary>Looks up an algorithm by its UTF-8 name without allocating.</summary>
    internal static SignatureAlgorithm? Find(ReadOnlySpan<byte> utf8Name)
    {
        foreach (SignatureAlgorithm candidate in All)
        {
            if (utf8Name.SequenceEqual(candidate.NameUtf8))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Finds the EC algorithm for a JWK curve name, or <see langword="null"/>.</summary>
    internal static SignatureAlgorithm? ForCurve(string? crv) => crv switch
    {
        "P-256" => ES256,
        "P-384" => ES384,
        _ => null,
    };

    /// <summary>Returns <see cref="Name"/>.</summary>
    /// <returns>The JOSE name.</returns>
    public override string ToString() => Name;
}

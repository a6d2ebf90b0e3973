// RFC 7515 §5.2 (signature validation), RFC 7518 §3.3–§3.5 (RS256, ES256/ES384, PS256),
// RFC 8725 §3.1: the key, not the token header, fixes the algorithm.
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;

namespace Mandate.Jose.Jws;

/// <summary>A public key bound to exactly one signature algorithm.</summary>
public sealed class VerificationKey : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly int _signatureSize;

    private VerificationKey(JsonWebKey jwk, SignatureAlgorithm algorithm, ECDsa? ecdsa, RSA? rsa)
    {
        Jwk = jwk;
        Algorithm = algorithm;
        _ecdsa = ecdsa;
        _rsa = rsa;
        _signatureSize = ecdsa is not null ? 2 * algorithm.FieldSize : (rsa!.KeySize + 7) / 8;
    }

    /// <summary>The <c>kid</c> of the JWK; <see langword="null"/> when it has none.</summary>
    public string? KeyId => Jwk.Kid;

    /// <summary>The only algorithm this key verifies.</summary>
    public SignatureAlgorithm Algorithm { get; }

    /// <summary>The public JWK (private members removed).</summary>
    public JsonWebKey Jwk { get; }

    /// <summary>Creates a verification key from a JWK.</summary>
    /// <param name="jwk">The key. Private members are ignored; <c>use</c>, when present, must be <c>"sig"</c>.</param>
    /// <param name="key">The key; <see langword="null"/> on failure.</param>
    /// <param name="error">
    /// <see cref="JoseErrorCode.UnsupportedAlgorithm"/> when <c>jwk.alg</c> is not supported;
    /// <see cref="JoseErrorCode.AlgorithmMismatch"/> when <c>jwk.alg</c> and <paramref name="algorithm"/> disagree;
    /// <see cref="JoseErrorCode.InvalidKey"/> when no algorithm is known, the key type or curve does not fit it,
    /// the point is not on the curve, the RSA modulus is below 2048 bits, or <c>use</c> is not <c>sig</c>.
    /// </param>
    /// <param name="algorithm">The algorithm to use when the JWK has no <c>alg</c>.</param>
    /// <returns><see langword="true"/> when the key was created.</returns>
    public static bool TryCreate(JsonWebKey jwk, [NotNullWhen(true)] out VerificationKey? key, out JoseErrorCode error, SignatureAlgorithm? algorithm = null)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        key = null;
        error = ResolveAlgorithm(jwk, algorithm, out SignatureAlgorithm? resolved);
        if (error != JoseErrorCode.None)
        {
            return false;
        }

        JsonWebKey publicJwk = jwk.ToPublic();
        if (resolved!.IsEcdsa)
        {
            ECDsa? ecdsa = JsonWebKeyConverter.TryCreateECDsa(publicJwk, resolved, includePrivate: false);
            key = ecdsa is null ? null : new VerificationKey(publicJwk, resolved, ecdsa, null);
        }
        else
        {
            RSA? rsa = jwk.Kty == resolved.KeyType ? JsonWebKeyConverter.TryCreateRsa(publicJwk, includePrivate: false) : null;
            key = rsa is null ? null : new VerificationKey(publicJwk, resolved, null, rsa);
        }

        error = key is null ? JoseErrorCode.InvalidKey : JoseErrorCode.None;
        return key is not null;
    }

    /// <summary>Verifies a JWS signature over the signing input with this key's algorithm.</summary>
    /// <param name="signingInput">The ASCII bytes of <c>BASE64URL(header) '.' BASE64URL(payload)</c>.</param>
    /// <param name="signature">The raw signature: IEEE P1363 <c>r||s</c> for ECDSA, modulus-sized for RSA.</param>
    /// <returns><see langword="false"/> for any invalid signature, including one of the wrong length (e.g. DER-encoded ECDSA).</returns>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != _signatureSize)
        {
            return false;
        }

        try
        {
            return _ecdsa is not null
                ? _ecdsa.VerifyData(signingInput, signature, Algorithm.HashAlgorithm, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                : _rsa!.VerifyData(signingInput, signature, Algorithm.HashAlgorithm, Algorithm.RsaPadding!);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Releases the underlying key handle.</summary>
    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    private static JoseErrorCode ResolveAlgorithm(JsonWebKey jwk, SignatureAlgorithm? requested, out SignatureAlgorithm? resolved)
    {
        resolved = requested;
        if (jwk.Use is not null && jwk.Use != "sig")
        {
            return JoseErrorCode.InvalidKey;
        }

        if (jwk.Alg is not null)
        {
            if (!SignatureAlgorithm.TryGet(jwk.Alg, out SignatureAlgorithm? fromJwk))
            {
                return JoseErrorCode.UnsupportedAlgorithm;
            }

            if (requested is not null && !ReferenceEquals(requested, fromJwk))
            {
                return JoseErrorCode.AlgorithmMismatch;
            }

            resolved = fromJwk;
        }

        return resolved is null || resolved.KeyType != jwk.Kty ? JoseErrorCode.InvalidKey : JoseErrorCode.None;
    }
}

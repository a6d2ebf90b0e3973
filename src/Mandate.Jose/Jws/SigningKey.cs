// RFC 7515 §5.1 (producing a JWS), RFC 7518 §3.3–§3.5 (RS256, ES256/ES384 in IEEE P1363 form, PS256),
// RFC 7638 §3 (generated keys are named by their thumbprint), RFC 7517 §4.2 (use "sig").
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;

namespace Mandate.Jose.Jws;

/// <summary>A private signing key whose algorithm is fixed at creation. Thread-safe for signing.</summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly OpenSslEcdsaSigner? _native;
    private readonly ConcurrentDictionary<string, byte[]> _headersByType = new(StringComparer.Ordinal);
    private byte[]? _headerWithoutType;

    private SigningKey(SignatureAlgorithm algorithm, ECDsa? ecdsa, RSA? rsa, string? kid)
    {
        Algorithm = algorithm;
        _ecdsa = ecdsa;
        _rsa = rsa;
        SignatureSize = ecdsa is not null ? 2 * algorithm.FieldSize : (rsa!.KeySize + 7) / 8;
        _native = ecdsa is not null ? OpenSslEcdsaSigner.TryCreate(ecdsa, algorithm) : null;
        JsonWebKey publicJwk = ecdsa is not null
            ? JsonWebKeyConverter.FromECParameters(ecdsa.ExportParameters(false), null, algorithm.Name, "sig")
            : JsonWebKeyConverter.FromRsaParameters(rsa!.ExportParameters(false), null, algorithm.Name, "sig");
        KeyId = kid ?? publicJwk.ComputeThumbprint();
        PublicJwk = publicJwk.WithKeyId(KeyId);
    }

    /// <summary>The <c>kid</c> written into every header; the RFC 7638 thumbprint unless the JWK named it.</summary>
    public string KeyId { get; }

    /// <summary>The algorithm of every signature this key makes.</summary>
    public SignatureAlgorithm Algorithm { get; }

    /// <summary>The public JWK with <c>kid</c>, <c>alg</c> and <c>use</c> = <c>"sig"</c>, ready for a JWKS.</summary>
    public JsonWebKey PublicJwk { get; }

    /// <summary>True when ECDSA signatures go through <see cref="OpenSslEcdsaSigner"/> (Linux, OpenSSL 3).</summary>
    internal bool UsesPooledOpenSslContexts => _native is not null;

    /// <summary>Signature length in bytes (64/96 for ES256/ES384, modulus size for RSA).</summary>
    internal int SignatureSize { get; }

    /// <summary>Generates a fresh key: P-256/P-384 for ES256/ES384, 2048-bit RSA for RS256/PS256.</summary>
    /// <param name="algorithm">The algorithm the key will sign with.</param>
    /// <returns>A key whose <see cref="KeyId"/> is its RFC 7638 thumbprint.</returns>
    public static SigningKey Generate(SignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return algorithm.IsEcdsa
            ? new SigningKey(algorithm, ECDsa.Create(algorithm.EcCurve), null, null)
            : new SigningKey(algorithm, null, RSA.Create(SignatureAlgorithm.MinimumRsaKeySize), null);
    }

    /// <summary>Loads a private JWK.</summary>
    /// <param name="privateJwk">An EC or RSA JWK with its private members (RSA needs all CRT members).</param>
    /// <param name="algorithm">
    /// The algorithm when the JWK has no <c>alg</c>; when both are absent, P-256 means ES256 and P-384 means ES384.
    /// </param>
    /// <returns>The key; <see cref="KeyId"/> is <c>jwk.kid</c> or, when absent, the thumbprint.</returns>
    /// <exception cref="ArgumentException">
    /// The JWK has no private key, its algorithm is unsupported, unknown or contradicts <paramref name="algorithm"/>,
    /// or its members do not form a valid key of at least the required strength.
    /// </exception>
    public static SigningKey FromJwk(JsonWebKey privateJwk, SignatureAlgorithm? algorithm = null)
    {
        ArgumentNullException.ThrowIfNull(privateJwk);
        if (privateJwk.D is null)
        {
            throw new ArgumentException("The JWK has no private key.", nameof(privateJwk));
        }

        SignatureAlgorithm resolved = ResolveAlgorithm(privateJwk, algorithm);
        SigningKey key = resolved.IsEcdsa
            ? new SigningKey(resolved, JsonWebKeyConverter.TryCreateECDsa(privateJwk, resolved, true) ?? throw InvalidKey(), null, privateJwk.Kid)
            : new SigningKey(resolved, null, JsonWebKeyConverter.TryCreateRsa(privateJwk, true) ?? throw InvalidKey(), privateJwk.Kid);

        // A private key that does not match its public members would sign tokens nobody can verify.
        if (!key.SelfTest())
        {
            key.Dispose();
            throw InvalidKey();
        }

        return key;
    }

    /// <summary>Exports the private JWK (with <c>kid</c>, <c>alg</c>, <c>use</c>). Only for encryption at rest.</summary>
    /// <returns>The private JWK.</returns>
    /// <exception cref="CryptographicException">The key is not exportable.</exception>
    public JsonWebKey ExportPrivateJwk() => _ecdsa is not null
        ? JsonWebKeyConverter.FromECParameters(_ecdsa.ExportParameters(true), KeyId, Algorithm.Name, "sig")
        : JsonWebKeyConverter.FromRsaParameters(_rsa!.ExportParameters(true), KeyId, Algorithm.Name, "sig");

    /// <summary>Creates an independent verification key for <see cref="PublicJwk"/>; the caller disposes it.</summary>
    /// <returns>The verification key.</returns>
    public VerificationKey ToVerificationKey()
        => VerificationKey.TryCreate(PublicJwk, out VerificationKey? key, out _) ? key : throw new InvalidOperationException("The public key could not be imported.");

    /// <summary>Releases the private key handle.</summary>
    public void Dispose()
    {
        _native?.Dispose();
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    /// <summary>Signs <paramref name="data"/> into <paramref name="destination"/> (at least <see cref="SignatureSize"/> bytes).</summary>
    /// <returns>The number of bytes written.</returns>
    internal int Sign(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (_native is not null && destination.Length >= SignatureSize && _native.TrySign(data, destination))
        {
            return SignatureSize;
        }

        bool ok = _ecdsa is not null
            ? _ecdsa.TrySignData(data, destination, Algorithm.HashAlgorithm, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out int written)
            : _rsa!.TrySignData(data, destination, Algorithm.HashAlgorithm, Algorithm.RsaPadding!, out written);
        return ok ? written : throw new CryptographicException("The signature did not fit the buffer.");
    }

    /// <summary>
    /// The base64url-encoded protected header <c>{"alg","kid","typ"}</c> as ASCII bytes, built once per
    /// <paramref name="typ"/> and cached, so issuing a token only encodes the payload and signs.
    /// </summary>
    internal byte[] GetEncodedHeader(string? typ)
    {
        if (typ is null)
        {
            return _headerWithoutType ??= EncodeHeader(null);
        }

        return _headersByType.TryGetValue(typ, out byte[]? header) ? header : _headersByType.GetOrAdd(typ, EncodeHeader(typ));
    }

    private byte[] EncodeHeader(string? typ)
    {
        var json = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(json, StrictJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("alg"u8, Algorithm.NameUtf8);
            writer.WriteString("kid"u8, KeyId);
            if (typ is not null)
            {
                writer.WriteString("typ"u8, typ);
            }

            writer.WriteEndObject();
        }

        byte[] encoded = new byte[Base64Url.GetEncodedLength(json.WrittenCount)];
        System.Buffers.Text.Base64Url.EncodeToUtf8(json.WrittenSpan, encoded);
        return encoded;
    }

    private bool SelfTest()
    {
        VerificationKey verifier = ToVerificationKey();
        using (verifier)
        {
            ReadOnlySpan<byte> probe = "mandate-key-self-test"u8;
            Span<byte> signature = stackalloc byte[SignatureSize];
            return verifier.Verify(probe, signature[..Sign(probe, signature)]);
        }
    }

    private static SignatureAlgorithm ResolveAlgorithm(JsonWebKey jwk, SignatureAlgorithm? requested)
    {
        SignatureAlgorithm? resolved = requested;
        if (jwk.Alg is not null)
        {
            if (!SignatureAlgorithm.TryGet(jwk.Alg, out SignatureAlgorithm? fromJwk))
            {
                throw new ArgumentException($"Unsupported JWK alg '{jwk.Alg}'.", nameof(jwk));
            }

            if (requested is not null && !ReferenceEquals(requested, fromJwk))
            {
                throw new ArgumentException($"The JWK alg '{jwk.Alg}' contradicts the requested {requested.Name}.", nameof(jwk));
            }

            resolved = fromJwk;
        }

        resolved ??= jwk.Kty == "EC" ? SignatureAlgorithm.ForCurve(jwk.Crv) : null;
        if (resolved is null || resolved.KeyType != jwk.Kty || (jwk.Use is not null && jwk.Use != "sig"))
        {
            throw new ArgumentException("The JWK does not name a usable signature algorithm.", nameof(jwk));
        }

        return resolved;
    }

    private static ArgumentException InvalidKey() => new("The JWK members do not form a valid private key.", "privateJwk");
}

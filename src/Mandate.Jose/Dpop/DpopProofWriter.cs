// RFC 9449 §4.2: a DPoP proof is a JWS with header {"typ":"dpop+jwt","alg","jwk"} and claims jti, htm, htu,
// iat, plus ath when it accompanies an access token and nonce when the server provided one. The header jwk
// carries only the public members RFC 7638 §3.2 names, so it never holds private material; the encoded header
// is built once per key. jti carries 128 random bits (§11.1).
using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;

namespace Mandate.Jose.Dpop;

/// <summary>Creates DPoP proofs with one key. Thread-safe; the caller owns and disposes the key.</summary>
public sealed class DpopProofWriter
{
    private readonly SigningKey _key;
    private readonly byte[] _encodedHeader;

    /// <summary>Creates a writer for <paramref name="key"/>.</summary>
    /// <param name="key">The proof key; its algorithm becomes the header <c>alg</c>.</param>
    public DpopProofWriter(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        JsonWebKey jwk = key.PublicJwk;
        Thumbprint = jwk.ComputeThumbprint();
        var json = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(json, StrictJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("typ"u8, DpopProofValidator.ProofType);
            writer.WriteString("alg"u8, key.Algorithm.Name);
            writer.WritePropertyName("jwk"u8);
            writer.WriteStartObject();
            writer.WriteString("kty"u8, jwk.Kty);
            if (jwk.Kty == "EC")
            {
                writer.WriteString("crv"u8, jwk.Crv);
                writer.WriteString("x"u8, jwk.X);
                writer.WriteString("y"u8, jwk.Y);
            }
            else
            {
                writer.WriteString("n"u8, jwk.N);
                writer.WriteString("e"u8, jwk.E);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        _encodedHeader = Encoding.ASCII.GetBytes(Base64Url.Encode(json.WrittenSpan));
    }

    /// <summary>The RFC 7638 thumbprint of the proof key: the <c>cnf.jkt</c> of tokens bound to it.</summary>
    public string Thumbprint { get; }

    /// <summary>Creates a fresh proof with a new random <c>jti</c>.</summary>
    /// <param name="method">The HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="uri">The request URI; query and fragment are dropped (RFC 9449 §4.2 <c>htu</c>).</param>
    /// <param name="now">The <c>iat</c>, from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="accessToken">The access token the request carries, for <c>ath</c>; <see langword="null"/> at the token endpoint.</param>
    /// <param name="nonce">The last <c>DPoP-Nonce</c> the server sent, or <see langword="null"/>.</param>
    /// <returns>The compact proof for the <c>DPoP</c> header.</returns>
    public string Create(string method, Uri uri, DateTimeOffset now, string? accessToken = null, string? nonce = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        var payload = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(payload, StrictJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("jti"u8, Base64Url.Encode(RandomNumberGenerator.GetBytes(16)));
            writer.WriteString("htm"u8, method);
            writer.WriteString("htu"u8, DpopTargetUri.For(uri));
            writer.WriteNumber("iat"u8, now.ToUnixTimeSeconds());
            if (accessToken is not null)
            {
                writer.WriteString("ath"u8, DpopAccessTokenHash.Compute(accessToken));
            }

            if (nonce is not null)
            {
                writer.WriteString("nonce"u8, nonce);
            }

            writer.WriteEndObject();
        }

        return JwsWriter.CreateCompact(_key, _encodedHeader, payload.WrittenSpan);
    }
}

// RFC 9449 §4.2: the parts of a verified DPoP proof that the server and the resource server act on.
using Mandate.Jose.Jwk;

namespace Mandate.Jose.Dpop;

/// <summary>A DPoP proof whose structure, key, signature, method, URI, time and <c>ath</c> were checked.</summary>
public sealed class DpopProof
{
    internal DpopProof(JsonWebKey key, string thumbprint, string jwtId, DateTimeOffset issuedAt, string? nonce)
    {
        Key = key;
        Thumbprint = thumbprint;
        JwtId = jwtId;
        IssuedAt = issuedAt;
        Nonce = nonce;
    }

    /// <summary>The public key from the header <c>jwk</c> (RFC 9449 §4.2).</summary>
    public JsonWebKey Key { get; }

    /// <summary>The RFC 7638 SHA-256 thumbprint of <see cref="Key"/>: the value of <c>cnf.jkt</c> (RFC 9449 §6.1).</summary>
    public string Thumbprint { get; }

    /// <summary>The <c>jti</c>; the caller records it in a replay cache (RFC 9449 §11.1).</summary>
    public string JwtId { get; }

    /// <summary>The <c>iat</c>.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>The <c>nonce</c> claim, or <see langword="null"/> when absent; the caller checks it (RFC 9449 §8).</summary>
    public string? Nonce { get; }
}

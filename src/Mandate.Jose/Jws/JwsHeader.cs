// RFC 7515 §4.1.1 (alg), §4.1.4 (kid), §4.1.9 (typ). Other members stay available in RawJson only;
// jku, x5u, jwk and x5c (§4.1.2–§4.1.6) are never interpreted (RFC 8725 §3.10).
using Mandate.Jose.Algorithms;

namespace Mandate.Jose.Jws;

/// <summary>The decoded JOSE header of a compact JWS, after strict checks.</summary>
public readonly struct JwsHeader
{
    internal JwsHeader(SignatureAlgorithm algorithm, string? kid, string? typ, ReadOnlyMemory<byte> rawJson)
    {
        Algorithm = algorithm;
        Kid = kid;
        Typ = typ;
        RawJson = rawJson;
    }

    /// <summary>The <c>alg</c> value; empty for a default (unread) header.</summary>
    public string Alg => Algorithm?.Name ?? "";

    /// <summary>The supported algorithm named by <c>alg</c>; <see langword="null"/> for a default (unread) header.</summary>
    public SignatureAlgorithm? Algorithm { get; }

    /// <summary>The <c>kid</c> value; <see langword="null"/> when absent.</summary>
    public string? Kid { get; }

    /// <summary>The <c>typ</c> value exactly as sent; <see langword="null"/> when absent.</summary>
    public string? Typ { get; }

    /// <summary>The decoded header JSON (UTF-8), for callers that need other members such as the DPoP <c>jwk</c>.</summary>
    public ReadOnlyMemory<byte> RawJson { get; }
}

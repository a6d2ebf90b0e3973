// RFC 9449 §4.3: the checks a DPoP proof must pass, one code per check so that callers can log which
// one failed while the client only ever sees invalid_dpop_proof (or use_dpop_nonce for the nonce).
namespace Mandate.Jose.Dpop;

/// <summary>Why a DPoP proof was refused (RFC 9449 §4.3). Stable: logged and tested by name.</summary>
public enum DpopProofError
{
    /// <summary>The proof passed every check.</summary>
    None = 0,

    /// <summary>§4.3 item 2: not a well-formed compact JWS (size, segments, base64url, JSON, duplicate members, <c>crit</c>).</summary>
    Malformed,

    /// <summary>§4.3 item 4: the header <c>typ</c> is not <c>dpop+jwt</c>.</summary>
    InvalidType,

    /// <summary>§4.3 item 5: <c>alg</c> is <c>none</c>, symmetric, unknown or not on the verifier's allow-list.</summary>
    UnsupportedAlgorithm,

    /// <summary>§4.3 items 3 and 7: the header <c>jwk</c> is missing, not a usable public key for <c>alg</c>, or contains a private key.</summary>
    InvalidKey,

    /// <summary>§4.3 item 6: the signature does not verify with the header <c>jwk</c>.</summary>
    InvalidSignature,

    /// <summary>§4.3 item 3: <c>jti</c>, <c>htm</c>, <c>htu</c> or <c>iat</c> is missing or has the wrong type.</summary>
    MissingClaim,

    /// <summary>§4.3 item 8: <c>htm</c> is not the method of the request.</summary>
    MethodMismatch,

    /// <summary>§4.3 item 9: <c>htu</c> is not the URI of the request (query and fragment ignored, after normalisation).</summary>
    UriMismatch,

    /// <summary>§4.3 item 11: <c>iat</c> is outside the acceptance window.</summary>
    IssuedAtOutOfWindow,

    /// <summary>§4.3 item 12 / §7: <c>ath</c> is missing or is not the hash of the presented access token.</summary>
    AccessTokenHashMismatch,

    /// <summary>§4.3 item 10 / §8: the server requires a nonce and the proof has none, or an unknown or expired one.</summary>
    NonceRequired,
}

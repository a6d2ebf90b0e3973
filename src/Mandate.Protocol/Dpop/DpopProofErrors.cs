// RFC 9449 section 5 and section 7.1: a refused proof is invalid_dpop_proof; section 8 and section 9: a missing or stale nonce is
// use_dpop_nonce. The authorization server and the resource-server library share these texts, so a client
// developer reads the same sentence for the same failure at either hop. Which check failed is safe to say
// (it only describes the client's own proof); keys, jti values and tokens are never echoed.
using Mandate.Jose.Dpop;

namespace Mandate.Protocol.Dpop;

/// <summary>The wire errors for DPoP proofs (IDs MND2650–MND2662).</summary>
public static class DpopProofErrors
{
    /// <summary>section 4.3 item 1: more than one DPoP header.</summary>
    public static readonly OAuthError MultipleProofs = Invalid("MND2650", "Exactly one DPoP header is allowed (RFC 9449 section 4.3).");

    /// <summary>section 11.1: the proof's jti was already used.</summary>
    public static readonly OAuthError Replayed = Invalid("MND2661", "The DPoP proof was already used; send a fresh proof with a new jti with every request (RFC 9449 section 11.1).");

    /// <summary>section 8 / section 9: a nonce is required, or the proof's nonce is unknown or expired.</summary>
    public static readonly OAuthError UseNonce = new(OAuthErrorCodes.UseDpopNonce, "MND2662: Retry with the nonce from the DPoP-Nonce response header in the proof (RFC 9449 section 8).");

    private static readonly OAuthError Malformed = Invalid("MND2651", "The DPoP header is not a well-formed DPoP proof JWT (RFC 9449 section 4.2).");
    private static readonly OAuthError InvalidType = Invalid("MND2652", "The DPoP proof's typ must be dpop+jwt (RFC 9449 section 4.3).");
    private static readonly OAuthError UnsupportedAlgorithm = Invalid("MND2653", "The DPoP proof's alg is not an accepted asymmetric algorithm; see dpop_signing_alg_values_supported.");
    private static readonly OAuthError InvalidKey = Invalid("MND2654", "The DPoP proof's jwk is missing, is not a public key for its alg, or contains private key material.");
    private static readonly OAuthError InvalidSignature = Invalid("MND2655", "The DPoP proof's signature does not verify with its jwk.");
    private static readonly OAuthError MissingClaim = Invalid("MND2656", "The DPoP proof must carry jti, htm, htu and iat (RFC 9449 section 4.2).");
    private static readonly OAuthError MethodMismatch = Invalid("MND2657", "The DPoP proof's htm is not the method of this request.");
    private static readonly OAuthError UriMismatch = Invalid("MND2658", "The DPoP proof's htu is not the URI of this request.");
    private static readonly OAuthError IssuedAtOutOfWindow = Invalid("MND2659", "The DPoP proof's iat is too old or in the future; check the clock and send a fresh proof.");
    private static readonly OAuthError AccessTokenHashMismatch = Invalid("MND2660", "The DPoP proof's ath is missing or is not the hash of the access token sent.");

    /// <summary>The wire error for a failed check of <see cref="DpopProofValidator"/>.</summary>
    /// <param name="error">The check that failed; not <see cref="DpopProofError.None"/>.</param>
    /// <returns>The error object to send.</returns>
    public static OAuthError For(DpopProofError error) => error switch
    {
        DpopProofError.InvalidType => InvalidType,
        DpopProofError.UnsupportedAlgorithm => UnsupportedAlgorithm,
        DpopProofError.InvalidKey => InvalidKey,
        DpopProofError.InvalidSignature => InvalidSignature,
        DpopProofError.MissingClaim => MissingClaim,
        DpopProofError.MethodMismatch => MethodMismatch,
        DpopProofError.UriMismatch => UriMismatch,
        DpopProofError.IssuedAtOutOfWindow => IssuedAtOutOfWindow,
        DpopProofError.AccessTokenHashMismatch => AccessTokenHashMismatch,
        DpopProofError.NonceRequired => UseNonce,
        _ => Malformed,
    };

    private static OAuthError Invalid(string id, string text) => new(OAuthErrorCodes.InvalidDpopProof, id + ": " + text);
}

// RFC 9449 section 7.1/section 7.2 errors of a protected resource beyond the proof checks (IDs MND2670-MND2674): the
// resource-server library and the authorization server's own protected APIs (Shared Signals) answer with the same texts.
namespace Mandate.Protocol.Dpop;

/// <summary>The wire errors of a DPoP-protected resource beyond the proof checks of <see cref="DpopProofErrors"/>.</summary>
public static class DpopResourceErrors
{
    /// <summary>section 7.1: the DPoP scheme with a token that is not DPoP-bound.</summary>
    public static readonly OAuthError NotBound = new(OAuthErrorCodes.InvalidToken, "MND2670: Only a DPoP-bound access token can be presented with the DPoP scheme (RFC 9449 section 7.1).");

    /// <summary>section 7.1: the DPoP scheme without exactly one DPoP proof header.</summary>
    public static readonly OAuthError ProofMissing = new(OAuthErrorCodes.InvalidDpopProof, "MND2671: The DPoP scheme needs exactly one DPoP proof header (RFC 9449 section 7.1).");

    /// <summary>section 7.1: a proof signed with another key than the one the token is bound to.</summary>
    public static readonly OAuthError WrongKey = new(OAuthErrorCodes.InvalidDpopProof, "MND2672: The DPoP proof is not signed with the key the access token is bound to (RFC 9449 section 7.1).");

    /// <summary>section 7.2: a DPoP-bound token presented with the Bearer scheme.</summary>
    public static readonly OAuthError BoundTokenAsBearer = new(OAuthErrorCodes.InvalidToken, "MND2673: This access token is DPoP-bound; present it with the DPoP scheme and a proof (RFC 9449 section 7.2).");

    /// <summary>section 7.1: a Bearer token where the resource requires DPoP.</summary>
    public static readonly OAuthError DpopRequired = new(OAuthErrorCodes.InvalidToken, "MND2674: This resource requires a DPoP-bound access token with the DPoP scheme (RFC 9449 section 7.1).");
}

// RFC 9449 section 7.1/section 7.2 errors of a protected resource beyond the proof checks (IDs MND2670-MND2674); the proof
// checks share Mandate.Protocol.Dpop.DpopProofErrors with the authorization server.
using Mandate.Protocol;

namespace Mandate.ResourceServer.Dpop;

internal static class DpopResourceErrors
{
    public static readonly OAuthError NotBound = new(OAuthErrorCodes.InvalidToken, "MND2670: Only a DPoP-bound access token can be presented with the DPoP scheme (RFC 9449 section 7.1).");
    public static readonly OAuthError ProofMissing = new(OAuthErrorCodes.InvalidDpopProof, "MND2671: The DPoP scheme needs exactly one DPoP proof header (RFC 9449 section 7.1).");
    public static readonly OAuthError WrongKey = new(OAuthErrorCodes.InvalidDpopProof, "MND2672: The DPoP proof is not signed with the key the access token is bound to (RFC 9449 section 7.1).");
    public static readonly OAuthError BoundTokenAsBearer = new(OAuthErrorCodes.InvalidToken, "MND2673: This access token is DPoP-bound; present it with the DPoP scheme and a proof (RFC 9449 section 7.2).");
    public static readonly OAuthError DpopRequired = new(OAuthErrorCodes.InvalidToken, "MND2674: This resource requires a DPoP-bound access token with the DPoP scheme (RFC 9449 section 7.1).");
}

// Client-facing DPoP errors of the authorization server beyond the proof checks (IDs MND2663-MND2669).
// The proof checks themselves are in Mandate.Protocol.Dpop.DpopProofErrors, shared with the resource server.
using Mandate.Protocol;

namespace Mandate.Server.Dpop;

internal static class DpopErrors
{
    /// <summary>RFC 9449 §5: this client must bind its tokens, and the request carries no proof.</summary>
    public static readonly OAuthError ProofRequired = new(OAuthErrorCodes.InvalidDpopProof, "MND2663: This client must send a DPoP proof (DPoP header) with every token request (RFC 9449 §5).");

    /// <summary>The subject_token is bound to another key than the request's proof.</summary>
    public static readonly OAuthError SubjectTokenKeyMismatch = new(OAuthErrorCodes.InvalidGrant, "MND2664: The subject_token is DPoP-bound; the request's DPoP proof must be made with the key it is bound to.");

    /// <summary>The actor_token is bound to another key than the request's proof.</summary>
    public static readonly OAuthError ActorTokenKeyMismatch = new(OAuthErrorCodes.InvalidGrant, "MND2665: The actor_token is DPoP-bound; the request's DPoP proof must be made with the key it is bound to.");
}

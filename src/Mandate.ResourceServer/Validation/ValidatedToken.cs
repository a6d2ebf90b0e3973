using Mandate.Jose.Jws;

namespace Mandate.ResourceServer.Validation;

/// <summary>A validated-token cache entry.</summary>
/// <param name="Identity">The identity template; callers clone it, so claims transformations never mutate the entry.</param>
/// <param name="Keys">The key set the signature was verified with; the entry is dropped once the JWKS changes, so a key
/// removed from the issuer's JWKS stops vouching for cached tokens.</param>
/// <param name="ValidUntilUtcTicks"><c>exp</c> plus the clock skew, in UTC ticks.</param>
/// <param name="KeyId">The kid that verified the token, for logs.</param>
/// <param name="Status">The token's status-list reference, when the scheme checks status lists.</param>
internal sealed record ValidatedToken(MandateClaimsIdentity Identity, VerificationKeySet Keys, long ValidUntilUtcTicks, string? KeyId, StatusList.StatusListReference? Status = null);

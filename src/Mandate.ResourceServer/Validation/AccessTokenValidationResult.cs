using Mandate.Jose;

namespace Mandate.ResourceServer.Validation;

/// <summary>Outcome of <see cref="AccessTokenValidator.ValidateAsync"/>.</summary>
/// <param name="Identity">A fresh identity for this request when valid; <c>null</c> otherwise.</param>
/// <param name="Error">Why the token was rejected; <see cref="JoseErrorCode.None"/> when valid. For logs only.</param>
/// <param name="FromCache">True when the validated-token cache answered.</param>
/// <param name="KeyId">The kid of the token header, when known.</param>
/// <param name="RevokedJwtId">Set when the token is valid but on the revocation deny list; <see cref="Identity"/> is null then.</param>
internal readonly record struct AccessTokenValidationResult(MandateClaimsIdentity? Identity, JoseErrorCode Error, bool FromCache, string? KeyId, string? RevokedJwtId = null)
{
    public bool IsValid => Identity is not null;

    public static AccessTokenValidationResult Fail(JoseErrorCode error, string? keyId = null) => new(null, error, false, keyId);
}

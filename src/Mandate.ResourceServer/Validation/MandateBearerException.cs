using Mandate.Protocol;

namespace Mandate.ResourceServer.Validation;

/// <summary>Carries the RFC 6750 error from authentication to the challenge, and the detailed result (a
/// <see cref="Usage.MandateUsageResults"/> name) and revoked jti to usage events. Never thrown; only stored in the
/// <see cref="Microsoft.AspNetCore.Authentication.AuthenticateResult"/>.</summary>
internal sealed class MandateBearerException(OAuthError error, string result, string? jwtId = null, bool dpop = false) : Exception(error.Code)
{
    /// <summary>True when the challenge is the RFC 9449 §7.1 DPoP one.</summary>
    public bool Dpop { get; } = dpop;

    public OAuthError Error { get; } = error;

    public string Result { get; } = result;

    public string? JwtId { get; } = jwtId;
}

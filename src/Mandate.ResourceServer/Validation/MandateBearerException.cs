using Mandate.Protocol;

namespace Mandate.ResourceServer.Validation;

/// <summary>Carries the RFC 6750 error from authentication to the challenge. Never thrown; only stored in the
/// <see cref="Microsoft.AspNetCore.Authentication.AuthenticateResult"/>.</summary>
internal sealed class MandateBearerException(OAuthError error) : Exception(error.Code)
{
    public OAuthError Error { get; } = error;
}

using Mandate.Protocol;
using Mandate.Storage;

namespace Mandate.Server.Registration;

/// <summary>
/// The result of a <see cref="ClientRegistrationService"/> operation: the client (with its new registration access
/// token, and its secret when one was just issued), or the error and HTTP status to answer with.
/// </summary>
internal sealed record RegistrationOutcome(
    Agent? Agent, StoredClientMetadata? Metadata, string? ClientSecret, string? RegistrationAccessToken, OAuthError? Error, int StatusCode)
{
    public static RegistrationOutcome Failed(OAuthError error, int statusCode = 400) => new(null, null, null, null, error, statusCode);
}

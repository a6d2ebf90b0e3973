using Mandate.Server.Endpoints;

namespace Mandate.Server.OwnTokens;

/// <summary>The outcome of <see cref="OwnTokenAuthorizer.AuthorizeAsync"/>: the caller's client id and scopes, or the
/// RFC 6750 error to send and the reason for the operator's log (never the token).</summary>
internal readonly record struct OwnTokenAuthorization(string? ClientId, IReadOnlyList<string>? Scopes, OAuthErrorResult? Failure, string? Reason)
{
    public static OwnTokenAuthorization Refused(OAuthErrorResult failure, string reason) => new(null, null, failure, reason);
}

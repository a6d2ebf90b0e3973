namespace Mandate.ResourceServer.Transport;

/// <summary>What <see cref="BearerTokenReader"/> found: no token, one token, or an RFC 6750 §3.1 invalid_request.</summary>
/// <param name="Token">The token when exactly one was found.</param>
/// <param name="InvalidReason">Why the request is malformed (for logs only), or <c>null</c>.</param>
/// <param name="Dpop">True when the token came with the RFC 9449 §7.1 <c>DPoP</c> scheme.</param>
internal readonly record struct BearerTokenReadResult(string? Token, string? InvalidReason, bool Dpop = false)
{
    public static BearerTokenReadResult None => default;

    public static BearerTokenReadResult Found(string token, bool dpop = false) => new(token, null, dpop);

    public static BearerTokenReadResult Invalid(string reason) => new(null, reason);
}

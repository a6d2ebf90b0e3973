namespace Mandate.ResourceServer.Transport;

/// <summary>What <see cref="BearerTokenReader"/> found: no token, one token, an RFC 6750 §3.1 invalid_request
/// (the request is malformed), or one credential that is not a token (invalid_token: the token is malformed).</summary>
/// <param name="Token">The token when exactly one well-formed token was found.</param>
/// <param name="InvalidReason">Why the request is malformed (for logs only), or <c>null</c>.</param>
/// <param name="TokenMalformed">True when exactly one credential was sent and it is not an RFC 6750 §2.1 b64token.</param>
/// <param name="Dpop">True when the token came with the RFC 9449 §7.1 <c>DPoP</c> scheme.</param>
internal readonly record struct BearerTokenReadResult(string? Token, string? InvalidReason, bool TokenMalformed = false, bool Dpop = false)
{
    public static BearerTokenReadResult None => default;

    public static BearerTokenReadResult Found(string token, bool dpop = false) => new(token, null, Dpop: dpop);

    public static BearerTokenReadResult Invalid(string reason) => new(null, reason);

    public static BearerTokenReadResult Malformed => new(null, null, TokenMalformed: true);
}

// Reads a token presented to /revoke or /introspect: it must be an RFC 9068 access token this server issued
// (typ at+jwt, our iss, a published key, valid signature, not expired). Audience is not checked here; the
// endpoints decide who may act on which token.
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.Keys;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Revocation;

internal sealed class IssuedTokenReader(SigningKeyRing keys, IssuerUris uris, TimeProvider timeProvider, IOptions<MandateServerOptions> options)
{
    private readonly JwtValidationParameters _parameters = new()
    {
        ValidIssuer = uris.Issuer,
        ValidTypes = [.. AccessTokenClaims.JwtTypes],
        // The server's own token, checked on the server's own clock: no skew, so /introspect and /revoke see it
        // expired the moment exp passes (ClockSkew is for other parties' clocks).
        ClockSkew = TimeSpan.Zero,
        // Its iat may be up to a second ahead: JwtAccessTokenIssuer dates a token issued in the second of a
        // not-before mark one second later.
        IssuedAtClockSkew = TimeSpan.FromSeconds(1),
        TimeProvider = timeProvider,
        RequiredClaims = [.. AccessTokenClaims.Required], // RFC 9068 §2.2 (aud is present, not matched: any audience)
    };

    // A subject or actor token of a token exchange keeps ClockSkew: the exchanging agent's view of exp is another clock.
    private readonly JwtValidationParameters _exchangeParameters = new()
    {
        ValidIssuer = uris.Issuer,
        ValidTypes = [.. AccessTokenClaims.JwtTypes],
        ClockSkew = options.Value.ClockSkew,
        TimeProvider = timeProvider,
        RequiredClaims = [.. AccessTokenClaims.Required], // RFC 9068 §2.2 (aud is present, not matched: any audience)
    };

    /// <summary>The validated claims and kid, or null for anything that is not a live token of this server (no clock skew).</summary>
    public (JwtClaims? Claims, string? KeyId) Read(string token) => Read(token, _parameters);

    /// <summary>As <see cref="Read(string)"/>, with <see cref="MandateServerOptions.ClockSkew"/>: for tokens presented to token exchange.</summary>
    public (JwtClaims? Claims, string? KeyId) ReadForExchange(string token) => Read(token, _exchangeParameters);

    private (JwtClaims? Claims, string? KeyId) Read(string token, JwtValidationParameters parameters)
    {
        var result = JwtValidator.Validate(token, keys.Snapshot.VerificationKeys, parameters);
        return result.IsValid && result.Claims is not null ? (result.Claims, result.KeyId) : (null, null);
    }
}

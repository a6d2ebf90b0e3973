// RFC 9068 §4: validate a JWT access token against the issuer's published keys (RFC 8414 jwks_uri), with the checks
// of Mandate.Jose's JwtValidator and the RFC 9068 claim list and typ of Mandate.Protocol's AccessTokenClaims, as
// Mandate.ResourceServer does. The audience is not checked: the CLI is not the resource server and does not know
// which API is meant.
using Mandate.Cli.Http;
using Mandate.Jose;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Protocol;

namespace Mandate.Cli.Inspect;

/// <summary>Verifies a token against the JWKS of the issuer found through its metadata.</summary>
internal static class TokenVerifier
{
    /// <summary>Fetches the issuer's metadata and JWKS and validates <paramref name="token"/>.</summary>
    /// <returns>The validation result. Throws <see cref="CliException"/> with exit 3 when the issuer is unreachable.</returns>
    public static async Task<JwtValidationResult> VerifyAsync(
        HttpClient http, Uri issuerUrl, string token, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ServerMetadata metadata = await ServerMetadata.FetchAsync(http, issuerUrl, cancellationToken).ConfigureAwait(false);
        Uri jwksUri = ServerMetadata.Rebase(metadata.JwksUri, new Uri(metadata.Issuer), issuerUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, jwksUri);
        using HttpResponseMessage response = await Reachability.SendAsync(http, request, cancellationToken).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || !JsonWebKeySet.TryParse(body, out JsonWebKeySet? jwks, out _) || jwks is null)
        {
            throw new CliException(ExitCodes.Failure, $"{jwksUri} did not return a JWK Set");
        }

        var parameters = new JwtValidationParameters
        {
            ValidIssuer = metadata.Issuer,
            ValidAudiences = [],
            ValidTypes = [.. AccessTokenClaims.JwtTypes],
            RequiredClaims = [.. AccessTokenClaims.Required],
            TimeProvider = timeProvider,
        };
        return JwtValidator.Validate(token, VerificationKeySet.FromJwks(jwks), parameters);
    }

    /// <summary>True when validation got past the signature (the failure, if any, is in the claims).</summary>
    public static bool SignatureVerified(JwtValidationResult result) => result.IsValid || result.Error is
        JoseErrorCode.MissingClaim or JoseErrorCode.InvalidClaim or JoseErrorCode.InvalidIssuer or JoseErrorCode.InvalidAudience
        or JoseErrorCode.Expired or JoseErrorCode.NotYetValid or JoseErrorCode.IssuedInFuture;

    /// <summary>Explains a validation error in a few words.</summary>
    public static string Explain(JoseErrorCode error) => error switch
    {
        JoseErrorCode.TokenTooLarge => "the token is too large",
        JoseErrorCode.Malformed or JoseErrorCode.InvalidBase64Url or JoseErrorCode.InvalidJson => "the token is malformed",
        JoseErrorCode.DuplicateJsonMember => "the token has duplicate JSON members",
        JoseErrorCode.UnsupportedAlgorithm => "the algorithm is not allowed (none and HS* never are)",
        JoseErrorCode.AlgorithmMismatch => "the header alg differs from the key's algorithm",
        JoseErrorCode.UnknownKeyId => "the kid is not in the issuer's JWKS",
        JoseErrorCode.InvalidSignature => "the signature does not match (tampered or signed by another key)",
        JoseErrorCode.UnsupportedCriticalHeader => "the header has a crit extension Mandate does not understand",
        JoseErrorCode.InvalidType => "typ is not at+jwt",
        JoseErrorCode.MissingClaim => "a required claim is missing",
        JoseErrorCode.InvalidClaim => "a claim has an invalid value",
        JoseErrorCode.InvalidIssuer => "iss is not this issuer",
        JoseErrorCode.InvalidAudience => "aud does not match",
        JoseErrorCode.Expired => "the token has expired",
        JoseErrorCode.NotYetValid => "the token is not valid yet (nbf)",
        JoseErrorCode.IssuedInFuture => "iat is in the future",
        JoseErrorCode.InvalidKey => "the issuer's key is unusable",
        _ => error.ToString(),
    };
}

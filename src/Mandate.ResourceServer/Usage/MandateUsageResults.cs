// The stable, low-cardinality names of what the resource server decided about a request. Used as the "result" tag of
// the Mandate.ResourceServer instruments and as MandateUsageEvent.Result; docs/observability.md lists them.
using Mandate.Jose;

namespace Mandate.ResourceServer.Usage;

/// <summary>Values of <see cref="MandateUsageEvent.Result"/> and of the <c>result</c> metric tag.</summary>
public static class MandateUsageResults
{
    /// <summary>The token passed every check (and the endpoint's authorization policy).</summary>
    public const string Valid = "valid";

    /// <summary>No bearer token was presented (RFC 6750 §3.1: 401 without an error code).</summary>
    public const string MissingToken = "missing_token";

    /// <summary>The request was malformed (RFC 6750 §3.1 <c>invalid_request</c>, e.g. two tokens).</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>The token exceeds <see cref="MandateBearerOptions.MaxTokenLength"/>.</summary>
    public const string TooLarge = "too_large";

    /// <summary>The token is not a well-formed JWS compact serialization with JSON header and claims.</summary>
    public const string Malformed = "malformed";

    /// <summary>The algorithm is not allowed, or does not match the key.</summary>
    public const string BadAlgorithm = "bad_algorithm";

    /// <summary>No key of the issuer's JWKS has the token's <c>kid</c>, even after one refetch.</summary>
    public const string UnknownKey = "unknown_key";

    /// <summary>The signature does not verify.</summary>
    public const string BadSignature = "bad_signature";

    /// <summary>The <c>typ</c> header is not <c>at+jwt</c> (RFC 9068 §4 item 1), or a critical header is not understood.</summary>
    public const string WrongType = "wrong_type";

    /// <summary>A required claim is missing or malformed.</summary>
    public const string InvalidClaims = "invalid_claims";

    /// <summary>The <c>iss</c> claim is not the configured issuer.</summary>
    public const string WrongIssuer = "wrong_issuer";

    /// <summary>The <c>aud</c> claim does not name this API.</summary>
    public const string WrongAudience = "wrong_audience";

    /// <summary>The token's <c>exp</c> (plus clock skew) has passed.</summary>
    public const string Expired = "expired";

    /// <summary>The token's <c>nbf</c> or <c>iat</c> lies in the future (beyond the clock skew).</summary>
    public const string NotYetValid = "not_yet_valid";

    /// <summary>The token is on the revocation deny list (by <c>jti</c>, agent mark or signing key).</summary>
    public const string Revoked = "revoked";

    /// <summary>The token is valid but lacks a scope the endpoint requires (403).</summary>
    public const string InsufficientScope = "insufficient_scope";

    /// <summary>The issuer's introspection endpoint says the token is no longer active (401).</summary>
    public const string Inactive = "inactive";

    /// <summary>Another authorization requirement of the endpoint failed (403), or another scheme refused the request.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>RFC 9449 §7: the DPoP proof was refused, the DPoP scheme was misused, a bound token came as Bearer, or DPoP was required.</summary>
    public const string InvalidDpop = "invalid_dpop";

    /// <summary>Maps a validation error to its result name.</summary>
    internal static string From(JoseErrorCode error) => error switch
    {
        JoseErrorCode.None => Valid,
        JoseErrorCode.TokenTooLarge => TooLarge,
        JoseErrorCode.Malformed or JoseErrorCode.InvalidBase64Url or JoseErrorCode.InvalidJson or JoseErrorCode.DuplicateJsonMember => Malformed,
        JoseErrorCode.UnsupportedAlgorithm or JoseErrorCode.AlgorithmMismatch => BadAlgorithm,
        JoseErrorCode.UnknownKeyId => UnknownKey,
        JoseErrorCode.InvalidSignature or JoseErrorCode.InvalidKey => BadSignature,
        JoseErrorCode.UnsupportedCriticalHeader or JoseErrorCode.InvalidType => WrongType,
        JoseErrorCode.InvalidIssuer => WrongIssuer,
        JoseErrorCode.InvalidAudience => WrongAudience,
        JoseErrorCode.Expired => Expired,
        JoseErrorCode.NotYetValid or JoseErrorCode.IssuedInFuture => NotYetValid,
        _ => InvalidClaims,
    };
}

namespace Mandate.Jose;

/// <summary>
/// Stable reason codes for a rejected JOSE object. Expected failures are reported with these values,
/// never with exceptions; the numeric values are not part of the contract, the names are.
/// </summary>
public enum JoseErrorCode
{
    /// <summary>No error: the object was accepted.</summary>
    None = 0,

    /// <summary>The compact serialization is longer than the configured maximum (checked before any decoding).</summary>
    TokenTooLarge,

    /// <summary>The object is structurally wrong: not three segments, a required header member missing or of the wrong JSON type.</summary>
    Malformed,

    /// <summary>A segment or JWK member is not strict base64url (RFC 7515 §2): padding, '+' or '/', whitespace, or non-canonical trailing bits.</summary>
    InvalidBase64Url,

    /// <summary>The decoded header or payload is not valid JSON, or is not a JSON object.</summary>
    InvalidJson,

    /// <summary>A JSON object contains the same member name twice (RFC 7515 §5.2, RFC 7519 §4, RFC 8725 §3.10 spirit).</summary>
    DuplicateJsonMember,

    /// <summary>The algorithm is <c>none</c>, an HMAC algorithm, unknown, or outside the configured allow-list.</summary>
    UnsupportedAlgorithm,

    /// <summary>The header <c>alg</c> differs from the algorithm fixed by the verifying key (RFC 8725 §3.1).</summary>
    AlgorithmMismatch,

    /// <summary>No verification key matches the header <c>kid</c> (or <c>kid</c> is absent and the set holds more than one key).</summary>
    UnknownKeyId,

    /// <summary>The signature does not verify with the selected key.</summary>
    InvalidSignature,

    /// <summary>The header carries <c>crit</c> (or <c>b64</c>): Mandate understands no JWS extensions (RFC 7515 §4.1.11).</summary>
    UnsupportedCriticalHeader,

    /// <summary>The header <c>typ</c> is absent or not in the accepted set (RFC 8725 §3.11).</summary>
    InvalidType,

    /// <summary>A required claim is absent.</summary>
    MissingClaim,

    /// <summary>A claim has the wrong JSON type, for example a string <c>exp</c>.</summary>
    InvalidClaim,

    /// <summary>The <c>iss</c> claim differs from the expected issuer.</summary>
    InvalidIssuer,

    /// <summary>The <c>aud</c> claim contains none of the accepted audiences.</summary>
    InvalidAudience,

    /// <summary>The current time is at or after <c>exp</c> plus the clock skew.</summary>
    Expired,

    /// <summary>The current time is before <c>nbf</c> minus the clock skew.</summary>
    NotYetValid,

    /// <summary>The <c>iat</c> claim is later than the current time plus the clock skew.</summary>
    IssuedInFuture,

    /// <summary>A JWK is unusable: missing or malformed members, wrong curve, weak RSA modulus, or not a signing key.</summary>
    InvalidKey,
}

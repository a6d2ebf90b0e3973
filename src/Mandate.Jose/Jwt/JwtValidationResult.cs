using Mandate.Jose.Jws;

namespace Mandate.Jose.Jwt;

/// <summary>The outcome of <see cref="JwtValidator.Validate"/>: either valid claims or one stable error code.</summary>
public sealed class JwtValidationResult
{
    internal JwtValidationResult(JoseErrorCode error, JwsHeader header, string? keyId, JwtClaims? claims)
    {
        Error = error;
        Header = header;
        KeyId = keyId;
        Claims = claims;
    }

    /// <summary>True when every check passed; then <see cref="Claims"/> is not null.</summary>
    public bool IsValid => Error == JoseErrorCode.None;

    /// <summary>The first failed check; <see cref="JoseErrorCode.None"/> when valid.</summary>
    public JoseErrorCode Error { get; }

    /// <summary>The verified claims; <see langword="null"/> unless <see cref="IsValid"/>.</summary>
    public JwtClaims? Claims { get; }

    /// <summary>The decoded header; <see langword="default"/> when the failure came before the header was read.</summary>
    public JwsHeader Header { get; }

    /// <summary>The <c>kid</c> of the key that verified the token, or the header <c>kid</c> when the failure came earlier.</summary>
    public string? KeyId { get; }
}

namespace Mandate.Server.Tokens;

/// <summary>A successful token response (RFC 6749 §5.1) plus the identifiers the endpoint logs.</summary>
public sealed record TokenResponse
{
    /// <summary>The access token (a JWT). Never logged.</summary>
    public required string AccessToken { get; init; }

    /// <summary><c>Bearer</c>, or <c>DPoP</c> for a token bound to a DPoP key (RFC 9449 §5).</summary>
    public required string TokenType { get; init; }

    /// <summary>Lifetime in seconds (RFC 6749 §5.1 <c>expires_in</c>).</summary>
    public required long ExpiresIn { get; init; }

    /// <summary>The granted scopes, space-separated; empty when none.</summary>
    public required string Scope { get; init; }

    /// <summary>The token's <c>jti</c>, for logs and audit.</summary>
    public required string TokenId { get; init; }

    /// <summary>The <c>kid</c> that signed the token, for logs and audit.</summary>
    public required string KeyId { get; init; }

    /// <summary>RFC 8693 §2.2.1 <c>issued_token_type</c>, or null when the grant does not report one.</summary>
    public string? IssuedTokenType { get; init; }

    /// <summary>RFC 9396 §7 <c>authorization_details</c> granted (a compact JSON array), or null.</summary>
    public string? AuthorizationDetails { get; init; }

    /// <summary>RFC 6749 §5.1 <c>refresh_token</c>, or null when none is issued. Never logged.</summary>
    public string? RefreshToken { get; init; }
}

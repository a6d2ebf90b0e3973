// RFC 6749 §5.1 (successful token response), RFC 8693 §2.2.1 (issued_token_type), RFC 9396 §7 (authorization_details)
// and RFC 6749 §5.2 (error response): the token endpoint's answer as the agent SDK and the CLI read it. The server
// writes the same members with the OAuthParameters names. Unknown members are ignored (RFC 6749 §5.1).
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mandate.Protocol;

/// <summary>A token endpoint response: the §5.1 members of a success, or the §5.2 members of an error.</summary>
public sealed class TokenEndpointResponse
{
    /// <summary>The <c>access_token</c>.</summary>
    [JsonPropertyName(OAuthParameters.AccessToken)] public string? AccessToken { get; init; }

    /// <summary>The <c>token_type</c> (<c>Bearer</c> or <c>DPoP</c>; compared case-insensitively, RFC 6749 §5.1).</summary>
    [JsonPropertyName(OAuthParameters.TokenType)] public string? TokenType { get; init; }

    /// <summary>The <c>expires_in</c> in seconds (a JSON number; a numeric string is accepted too).</summary>
    [JsonPropertyName(OAuthParameters.ExpiresIn)] public double? ExpiresIn { get; init; }

    /// <summary>The granted <c>scope</c>, when the server states it.</summary>
    [JsonPropertyName(OAuthParameters.Scope)] public string? Scope { get; init; }

    /// <summary>The <c>refresh_token</c>, when one was issued.</summary>
    [JsonPropertyName(OAuthParameters.RefreshToken)] public string? RefreshToken { get; init; }

    /// <summary>The RFC 8693 <c>issued_token_type</c> of a token exchange.</summary>
    [JsonPropertyName(OAuthParameters.IssuedTokenType)] public string? IssuedTokenType { get; init; }

    /// <summary>The RFC 9396 <c>authorization_details</c> granted, as sent.</summary>
    [JsonPropertyName(OAuthParameters.AuthorizationDetails)] public JsonElement? AuthorizationDetails { get; init; }

    /// <summary>The RFC 6749 §5.2 <c>error</c> code of an error response.</summary>
    [JsonPropertyName(OAuthParameters.Error)] public string? Error { get; init; }

    /// <summary>The <c>error_description</c> of an error response.</summary>
    [JsonPropertyName(OAuthParameters.ErrorDescription)] public string? ErrorDescription { get; init; }

    /// <summary>Reads a token endpoint response body.</summary>
    /// <returns>The response; null when <paramref name="utf8Json"/> is not a JSON object whose known members have the
    /// RFC types.</returns>
    public static TokenEndpointResponse? Parse(ReadOnlySpan<byte> utf8Json) =>
        ProtocolJsonContext.TryRead(utf8Json, ProtocolJsonContext.Default.TokenEndpointResponse);
}

namespace Mandate.Protocol;

/// <summary>Grant type identifiers (RFC 6749 §4.4, RFC 7523 §2.1, RFC 8693 §2.1, RFC 6749 §6).</summary>
public static class GrantTypes
{
    public const string ClientCredentials = "client_credentials";
    public const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string RefreshToken = "refresh_token";
}

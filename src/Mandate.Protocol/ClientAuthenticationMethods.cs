namespace Mandate.Protocol;

/// <summary>Token endpoint authentication method names (RFC 8414 §2, RFC 7591 §2).</summary>
public static class ClientAuthenticationMethods
{
    public const string ClientSecretBasic = "client_secret_basic";
    public const string ClientSecretPost = "client_secret_post";
    public const string PrivateKeyJwt = "private_key_jwt";
}

using System.Security.Cryptography;

namespace Mandate.Server.ClientAuthentication;

/// <summary>Creates client secrets: <c>mnd_</c> + base64url of 32 random bytes (256 bits), shown once.</summary>
internal static class ClientSecretGenerator
{
    public const string Prefix = Mandate.Protocol.CredentialPrefixes.ClientSecret;

    public static string Create()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        var secret = Prefix + Mandate.Jose.Base64Url.Encode(random);
        CryptographicOperations.ZeroMemory(random);
        return secret;
    }
}

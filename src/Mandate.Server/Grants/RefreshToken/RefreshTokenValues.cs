// Refresh token values: "mrt_" + base64url(32 random bytes) = 256 bits from RandomNumberGenerator. The prefix
// lets /revoke and /introspect tell them from JWTs without a store read and lets secret scanners find leaked
// ones. Stored only as HMAC-SHA256 under the server's secret-hash key (ClientSecretHasher), base64url-encoded.
using System.Security.Cryptography;
using Mandate.Jose;
using Mandate.Server.ClientAuthentication;

namespace Mandate.Server.Grants.RefreshToken;

internal sealed class RefreshTokenValues(ClientSecretHasher hasher)
{
    public const string Prefix = Mandate.Protocol.CredentialPrefixes.RefreshToken;

    // 4 + 43 characters; anything else cannot be ours.
    private const int Length = 47;

    /// <summary>A new token value.</summary>
    public static string Create() => Prefix + Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new random family id (128 bits).</summary>
    public static string CreateFamilyId() => Base64Url.Encode(RandomNumberGenerator.GetBytes(16));

    /// <summary>True when <paramref name="value"/> has the shape of a Mandate refresh token.</summary>
    public static bool IsRefreshToken(string value) => value.Length == Length && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The lookup key: the keyed hash of the value.</summary>
    public string Hash(string value) => Base64Url.Encode(hasher.Hash(value));
}

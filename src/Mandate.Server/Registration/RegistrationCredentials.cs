// The bearer credentials of dynamic client registration. An initial access token (RFC 7591 §3) is
// "mit_" + its 26-character id + "." + 256 random bits, so the server finds the record by id and compares the keyed
// hash of the whole value in constant time. A registration access token (RFC 7592 §3) is "mra_" + 256 random bits,
// checked against the hash stored for the client named in the URL. Only keyed hashes are stored (ClientSecretHasher).
using System.Security.Cryptography;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.ClientAuthentication;

namespace Mandate.Server.Registration;

internal sealed class RegistrationCredentials(ClientSecretHasher hasher)
{
    private const string IdPrefix = "iat_";
    private const int IdLength = 26;

    /// <summary>A new initial access token: its record id and the value shown once to the operator.</summary>
    public (string Id, string Value) NewInitialAccessToken()
    {
        var suffix = AgentIdGenerator.Create()[4..];
        return (IdPrefix + suffix, CredentialPrefixes.InitialAccessToken + suffix + "." + RandomPart());
    }

    /// <summary>The record id named by an initial access token value, or null when the value has the wrong shape.</summary>
    public static string? InitialAccessTokenId(string value)
    {
        var prefix = CredentialPrefixes.InitialAccessToken.Length;
        return value.Length > prefix + IdLength + 1 && value.StartsWith(CredentialPrefixes.InitialAccessToken, StringComparison.Ordinal) && value[prefix + IdLength] == '.'
            ? IdPrefix + value.Substring(prefix, IdLength)
            : null;
    }

    /// <summary>A new registration access token, shown once to the client.</summary>
    public static string NewRegistrationAccessToken() => CredentialPrefixes.RegistrationAccessToken + RandomPart();

    /// <summary>The keyed hash stored for <paramref name="value"/>.</summary>
    public byte[] Hash(string value) => hasher.Hash(value);

    /// <summary>Compares the keyed hash of <paramref name="value"/> with <paramref name="expected"/> in constant time; null never matches.</summary>
    public bool Verify(string value, byte[]? expected) => hasher.Verify(value, expected);

    private static string RandomPart()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        var text = Mandate.Jose.Base64Url.Encode(random);
        CryptographicOperations.ZeroMemory(random);
        return text;
    }
}

using System.Security.Cryptography;

namespace Mandate.Server.Agents;

/// <summary>Creates agent ids: <c>agt_</c> + 26 lowercase RFC 4648 base32 characters (130 bits).</summary>
internal static class AgentIdGenerator
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new random id.</summary>
    public static string Create()
    {
        Span<byte> random = stackalloc byte[17];
        RandomNumberGenerator.Fill(random);
        return Encode(random);
    }

    /// <summary>
    /// The stable id of a client known by a URL client id (a Client ID Metadata Document): the first 130 bits of
    /// SHA-256 over the URL, so every node derives the same agent for the same client id.
    /// </summary>
    public static string FromClientIdUrl(string clientId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(clientId), hash);
        return Encode(hash[..17]);
    }

    private static string Encode(ReadOnlySpan<byte> random)
    {
        Span<char> chars = stackalloc char[30];
        "agt_".CopyTo(chars);
        for (var i = 0; i < 26; i++)
        {
            // Take bits i*5 .. i*5+4 of the random bytes (big-endian bit order).
            var bit = i * 5;
            var pair = (random[bit / 8] << 8) | random[(bit / 8) + 1];
            chars[4 + i] = Alphabet[(pair >> (11 - (bit % 8))) & 0x1F];
        }

        return new string(chars);
    }
}

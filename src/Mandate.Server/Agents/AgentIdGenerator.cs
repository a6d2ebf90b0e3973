using System.Security.Cryptography;

namespace Mandate.Server.Agents;

/// <summary>Creates agent ids: <c>agt_</c> + 26 lowercase RFC 4648 base32 characters (130 random bits).</summary>
internal static class AgentIdGenerator
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Create()
    {
        Span<byte> random = stackalloc byte[17];
        RandomNumberGenerator.Fill(random);
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

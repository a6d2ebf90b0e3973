// RFC 7638 §3 (JWK thumbprint: required members only, lexicographic order, no whitespace, SHA-256),
// §3.2 (required members for EC and RSA), RFC 8037 §2 (OKP: crv, kty, x).
using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Mandate.Jose.Jwk;

/// <summary>Computes RFC 7638 JWK thumbprints.</summary>
internal static class JwkThumbprint
{
    internal static string Compute(JsonWebKey key)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, StrictJson.WriterOptions))
        {
            writer.WriteStartObject();
            switch (key.Kty)
            {
                case "EC":
                    writer.WriteString("crv"u8, Required(key.Crv));
                    writer.WriteString("kty"u8, "EC"u8);
                    writer.WriteString("x"u8, Required(key.X));
                    writer.WriteString("y"u8, Required(key.Y));
                    break;
                case "RSA":
                    writer.WriteString("e"u8, Required(key.E));
                    writer.WriteString("kty"u8, "RSA"u8);
                    writer.WriteString("n"u8, Required(key.N));
                    break;
                case "OKP":
                    writer.WriteString("crv"u8, Required(key.Crv));
                    writer.WriteString("kty"u8, "OKP"u8);
                    writer.WriteString("x"u8, Required(key.X));
                    break;
                default:
                    throw new InvalidOperationException($"No RFC 7638 thumbprint is defined here for kty '{key.Kty}'.");
            }

            writer.WriteEndObject();
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Base64Url.Encode(hash);
    }

    private static string Required(string? value) => value ?? throw new InvalidOperationException("The JWK lacks a member required for its RFC 7638 thumbprint.");
}

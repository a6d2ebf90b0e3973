// Builds RFC 7523 §2.2 client assertions for tests: iss = sub = client_id, aud, exp, iat, jti.
using System.Buffers;
using System.Text.Json;
using Mandate.Jose.Jws;

namespace Mandate.Testing;

/// <summary>Creates signed <c>private_key_jwt</c> client assertions.</summary>
public static class ClientAssertions
{
    /// <summary>The RFC 7523 client_assertion_type.</summary>
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>Signs an assertion. <paramref name="expiresIn"/> null leaves out <c>exp</c>; <paramref name="jti"/> null makes a random one.</summary>
    public static string Create(SigningKey key, string clientId, string audience, DateTimeOffset now, TimeSpan? expiresIn, string? jti = null, string? subject = null, string? typ = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("iss", clientId);
            writer.WriteString("sub", subject ?? clientId);
            writer.WriteString("aud", audience);
            if (expiresIn is { } lifetime)
            {
                writer.WriteNumber("exp", (now + lifetime).ToUnixTimeSeconds());
            }

            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
            writer.WriteString("jti", jti ?? Guid.NewGuid().ToString("N"));
            writer.WriteEndObject();
        }

        return JwsWriter.CreateCompact(key, typ, buffer.WrittenSpan);
    }

    /// <summary>The JWKS JSON (public members only) for registering <paramref name="keys"/> with an agent.</summary>
    public static string Jwks(params SigningKey[] keys) => new Mandate.Jose.Jwk.JsonWebKeySet(keys.Select(k => k.PublicJwk)).ToJson();
}

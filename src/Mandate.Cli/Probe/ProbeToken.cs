// RFC 7515 §7.1 compact serialization, assembled by hand so that any header (alg none, jwk, jku, crit)
// and any signature (none, HMAC, a stranger's key) can be produced on purpose.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mandate.Jose;

namespace Mandate.Cli.Probe;

/// <summary>Builds compact JWS strings for the probe's bad cases.</summary>
internal static class ProbeToken
{
    /// <summary>Signs <paramref name="header"/> and <paramref name="payload"/> with <paramref name="key"/>; the header's alg is set by the caller.</summary>
    public static string Sign(JsonObject header, JsonObject payload, ProbeKey key)
    {
        string signingInput = Encode(header) + "." + Encode(payload);
        return signingInput + "." + Base64Url.Encode(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>HMAC-SHA256 over the signing input with <paramref name="secret"/> (RS/HS key confusion).</summary>
    public static string SignHs256(JsonObject header, JsonObject payload, byte[] secret)
    {
        string signingInput = Encode(header) + "." + Encode(payload);
        return signingInput + "." + Base64Url.Encode(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>An unsecured JWS: header, payload and an empty signature (RFC 7519 §6).</summary>
    public static string Unsigned(JsonObject header, JsonObject payload) => Encode(header) + "." + Encode(payload) + ".";

    /// <summary>base64url of the UTF-8 JSON of <paramref name="node"/>.</summary>
    public static string Encode(JsonNode node) => Base64Url.Encode(Encoding.UTF8.GetBytes(node.ToJsonString()));
}

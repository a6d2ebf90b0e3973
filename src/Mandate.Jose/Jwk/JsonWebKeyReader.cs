// RFC 7517 §4 (member types), RFC 7518 §6.2.1 (EC public members), §6.3.1 (RSA public members),
// §6.3.2.7 ("oth" multi-prime keys are not supported and are rejected).
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Mandate.Jose.Jwk;

/// <summary>Reads a <see cref="JsonWebKey"/> from an already duplicate-checked JSON element.</summary>
internal static class JsonWebKeyReader
{
    internal static bool TryRead(JsonElement element, [NotNullWhen(true)] out JsonWebKey? key, out JoseErrorCode error)
    {
        key = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = JoseErrorCode.InvalidJson;
            return false;
        }

        error = JoseErrorCode.InvalidKey;
        string? kty = null, kid = null, alg = null, use = null, crv = null, x = null, y = null, n = null, e = null;
        string? d = null, p = null, q = null, dp = null, dq = null, qi = null;
        foreach (JsonProperty member in element.EnumerateObject())
        {
            bool ok = member.Name switch
            {
                "kty" => TryString(member.Value, out kty),
                "kid" => TryString(member.Value, out kid),
                "alg" => TryString(member.Value, out alg),
                "use" => TryString(member.Value, out use),
                "crv" => TryString(member.Value, out crv),
                "x" => TryBinary(member.Value, out x),
                "y" => TryBinary(member.Value, out y),
                "n" => TryBinary(member.Value, out n),
                "e" => TryBinary(member.Value, out e),
                "d" => TryBinary(member.Value, out d),
                "p" => TryBinary(member.Value, out p),
                "q" => TryBinary(member.Value, out q),
                "dp" => TryBinary(member.Value, out dp),
                "dq" => TryBinary(member.Value, out dq),
                "qi" => TryBinary(member.Value, out qi),
                "oth" => false,
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (kty is null
            || (kty == "EC" && (crv is null || x is null || y is null))
            || (kty == "RSA" && (n is null || e is null)))
        {
            return false;
        }

        key = new JsonWebKey
        {
            Kty = kty, Kid = kid, Alg = alg, Use = use, Crv = crv, X = x, Y = y, N = n, E = e,
            D = d, P = p, Q = q, DP = dp, DQ = dq, QI = qi,
        };
        error = JoseErrorCode.None;
        return true;
    }

    private static bool TryString(JsonElement value, out string? text)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return text is not null;
    }

    private static bool TryBinary(JsonElement value, out string? text)
        => TryString(value, out text) && text!.Length > 0 && Base64Url.IsCanonical(text.AsSpan());
}

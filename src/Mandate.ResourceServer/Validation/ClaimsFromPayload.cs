// RFC 9068 §4 leaves claim use to the resource server; Mandate exposes the claims exactly as issued: no type
// mapping (sub stays "sub", scope stays one space-delimited "scope" claim), arrays become one claim per element,
// objects (such as "act") stay JSON text with value type "JSON".
using System.Security.Claims;
using System.Text.Json;

namespace Mandate.ResourceServer.Validation;

internal static class ClaimsFromPayload
{
    /// <summary>The value type of claims holding JSON objects or arrays (same string as Microsoft.IdentityModel).</summary>
    public const string JsonClaimValueType = "JSON";

    public static List<Claim> Read(JsonElement payload, string issuer)
    {
        var claims = new List<Claim>(16);
        foreach (var member in payload.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in member.Value.EnumerateArray())
                {
                    Add(claims, member.Name, item, issuer);
                }
            }
            else
            {
                Add(claims, member.Name, member.Value, issuer);
            }
        }

        return claims;
    }

    private static void Add(List<Claim> claims, string name, JsonElement value, string issuer)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                claims.Add(new Claim(name, value.GetString()!, ClaimValueTypes.String, issuer));
                break;
            case JsonValueKind.Number:
                var type = value.TryGetInt64(out _) ? ClaimValueTypes.Integer64 : ClaimValueTypes.Double;
                claims.Add(new Claim(name, value.GetRawText(), type, issuer));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                claims.Add(new Claim(name, value.GetBoolean() ? "true" : "false", ClaimValueTypes.Boolean, issuer));
                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                claims.Add(new Claim(name, value.GetRawText(), JsonClaimValueType, issuer));
                break;
            default:
                break; // null carries nothing
        }
    }
}

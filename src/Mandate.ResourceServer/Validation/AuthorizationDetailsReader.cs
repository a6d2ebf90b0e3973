// RFC 9396 §2: authorization_details is a JSON array of objects, each with a string "type". Deliberate
// strictness, as for act: a malformed claim rejects the token, because dropping part of it would misreport what
// the token was granted for.
using System.Text.Json;

namespace Mandate.ResourceServer.Validation;

internal static class AuthorizationDetailsReader
{
    public static bool TryRead(JsonElement claim, out IReadOnlyList<MandateAuthorizationDetail> details)
    {
        var list = new List<MandateAuthorizationDetail>();
        details = list;
        if (claim.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in claim.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var member in item.EnumerateObject())
            {
                if (member.Name != "type" && !fields.TryAdd(member.Name, member.Value.Clone()))
                {
                    return false;
                }
            }

            list.Add(new MandateAuthorizationDetail(type.GetString()!, fields));
        }

        return true;
    }
}

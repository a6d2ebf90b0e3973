using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mandate.Samples.Delegation;

/// <summary>Shows what a token says, for the sample's printout: the JWT payload (claims), never the token itself,
/// so nothing printed can be replayed. The authorization server and the API verify the signature; this does not.</summary>
internal static class TokenClaims
{
    public static JsonObject Read(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)))!.AsObject();
    }

    public static string Print(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

// RFC 7800 §3.1 (the cnf claim), RFC 9449 §6.1 (cnf.jkt: the RFC 7638 thumbprint of the DPoP key) and §7.1 (how a
// bound token is presented), RFC 8705 §3.1 (cnf."x5t#S256", certificate-bound tokens).
using System.Text.Json;

namespace Mandate.Cli.Inspect;

/// <summary>Explains, offline, how a token is bound to a key (its <c>cnf</c> claim), or that it is a bearer token.</summary>
internal static class ConfirmationExplainer
{
    /// <summary>One line per fact, each starting with <c>binding:</c>.</summary>
    /// <param name="payload">The decoded (unverified) claims.</param>
    public static IEnumerable<string> Describe(JsonElement payload)
    {
        if (!payload.TryGetProperty("cnf", out JsonElement cnf))
        {
            yield return "binding: none - a bearer token: whoever holds it can use it until it expires";
            yield break;
        }

        if (cnf.ValueKind != JsonValueKind.Object)
        {
            yield return "binding: cnf is not a JSON object (RFC 7800 §3.1); an API should refuse the token";
            yield break;
        }

        bool known = false;
        if (cnf.TryGetProperty("jkt", out JsonElement jkt) && jkt.ValueKind == JsonValueKind.String)
        {
            known = true;
            yield return $"binding: DPoP (RFC 9449) - usable only with a proof signed by the key whose RFC 7638 thumbprint is {jkt.GetString()}";
            yield return "binding: send it as 'Authorization: DPoP <token>' with a fresh 'DPoP' proof per request (htm, htu, ath = SHA-256 of the token); sent as Bearer it is refused (RFC 9449 §7.2)";
        }

        if (cnf.TryGetProperty("x5t#S256", out JsonElement x5t) && x5t.ValueKind == JsonValueKind.String)
        {
            known = true;
            yield return $"binding: mutual TLS (RFC 8705) - usable only over a TLS connection with the client certificate whose SHA-256 thumbprint is {x5t.GetString()}";
        }

        if (!known)
        {
            string members = string.Join(", ", cnf.EnumerateObject().Select(m => m.Name));
            yield return $"binding: cnf names no confirmation method this tool knows ({(members.Length == 0 ? "empty" : members)}); an API that does not understand it should refuse the token";
        }
    }
}

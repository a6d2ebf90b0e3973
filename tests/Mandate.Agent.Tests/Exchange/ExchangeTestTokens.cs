using System.Text;
using Mandate.Jose;

namespace Mandate.Agent.Tests.Exchange;

/// <summary>Unsigned compact JWS strings shaped like subject tokens: the client only reads their exp, the
/// (fake) authorization server is the one that would verify them.</summary>
internal static class ExchangeTestTokens
{
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";

    public static string Jwt(DateTimeOffset expiresAt, string subject = "alice") =>
        Part("{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}") + "." +
        Part($"{{\"sub\":\"{subject}\",\"exp\":{expiresAt.ToUnixTimeSeconds()},\"jti\":\"{Guid.NewGuid():N}\"}}") + ".c2lnbmF0dXJl";

    private static string Part(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));
}

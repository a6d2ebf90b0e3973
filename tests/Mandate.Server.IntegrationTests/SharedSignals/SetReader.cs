using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.SharedSignals;

/// <summary>Verifies SETs with Microsoft.IdentityModel (a library Mandate did not write) against the server's /jwks.</summary>
internal static class SetReader
{
    public static string EventType(string token) => Payload(token).GetProperty("events").EnumerateObject().Single().Name;

    public static JsonElement Payload(string token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[1])).RootElement.Clone();

    /// <summary>Validates signature (key from /jwks), typ secevent+jwt, iss and aud; returns the payload.</summary>
    public static async Task<JsonElement> VerifyAsync(MandateTestServer server, string token, string audience)
    {
        var jwks = new JsonWebKeySet(await server.HttpClient.GetStringAsync("jwks"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = server.Issuer,
            ValidAudience = audience,
            ValidTypes = ["secevent+jwt"],
            // RFC 8417 §2.2: a SET has no exp.
            RequireExpirationTime = false,
            ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return Payload(token);
    }
}

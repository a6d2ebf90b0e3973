using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using Mandate.Jose;
using Mandate.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mandate.Server.IntegrationTests.StatusList;

/// <summary>Reads a token's status the way an API without Mandate code would (draft-ietf-oauth-status-list §8.3):
/// the list is fetched over HTTP, its signature checked by Microsoft.IdentityModel against the issuer's JWKS, and the
/// bit read with the byte layout of §4.1 written out here, not Mandate's.</summary>
internal static class StatusListReader
{
    public static JsonElement Payload(string jwt)
    {
        Assert.True(Base64Url.TryDecode(jwt.Split('.')[1], out var bytes));
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    public static (int Index, string Uri) Reference(string accessToken)
    {
        var list = Payload(accessToken).GetProperty("status").GetProperty("status_list");
        return (list.GetProperty("idx").GetInt32(), list.GetProperty("uri").GetString()!);
    }

    /// <summary>Fetches and verifies the list token at <paramref name="uri"/>; returns its validated claims.</summary>
    public static async Task<(JsonWebToken Token, HttpResponseMessage Response)> FetchAsync(MandateTestServer server, string uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/statuslist+jwt"));
        var response = await server.HttpClient.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var jwt = await response.Content.ReadAsStringAsync();
        var jwks = new JsonWebKeySet(await server.HttpClient.GetStringAsync("jwks"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = server.Issuer,
            ValidateAudience = false,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["statuslist+jwt"],
            RequireExpirationTime = true,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return ((JsonWebToken)result.SecurityToken, response);
    }

    /// <summary>The status of <paramref name="accessToken"/> in the list it names: 0 VALID, 1 INVALID.</summary>
    public static async Task<int> StatusAsync(MandateTestServer server, string accessToken)
    {
        var (index, uri) = Reference(accessToken);
        var (token, response) = await FetchAsync(server, uri);
        response.Dispose();
        Assert.Equal(uri, token.Subject);
        var list = JsonDocument.Parse(token.GetPayloadValue<JsonElement>("status_list").GetRawText()).RootElement;
        Assert.Equal(1, list.GetProperty("bits").GetInt32());
        Assert.True(Base64Url.TryDecode(list.GetProperty("lst").GetString()!, out var compressed));
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        zlib.CopyTo(bits);
        var bytes = bits.ToArray();
        return (bytes[index / 8] >> (index % 8)) & 1;
    }
}

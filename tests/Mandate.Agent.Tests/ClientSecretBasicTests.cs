using System.Net;
using System.Text;
using Mandate.Agent.Tests.Infrastructure;

namespace Mandate.Agent.Tests;

public sealed class ClientSecretBasicTests
{
    [Fact(DisplayName = "RFC 6749 §2.3.1: id and secret are form-urlencoded before base64")]
    public void Encode_FormUrlEncodesIdAndSecretBeforeBase64()
    {
        var header = ClientSecretBasicAuthentication.Encode("client id", "p@ss:w+rd/é");

        Assert.Equal("client+id:p%40ss%3Aw%2Brd%2F%C3%A9", Encoding.UTF8.GetString(Convert.FromBase64String(header)));
    }

    [Theory(DisplayName = "RFC 6749 §2.3.1: special characters survive base64 + form-urldecode")]
    [InlineData("agt:colon", "mnd_:+/=%20 &?#")]
    [InlineData("agt_plain", "mnd_AbC-_")]
    [InlineData("ägënt ☃", "sécret with spaces")]
    public void Encode_RoundTripsThroughServerDecoding(string id, string secret)
    {
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(ClientSecretBasicAuthentication.Encode(id, secret)));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);

        Assert.Equal(id, WebUtility.UrlDecode(decoded[..colon]));
        Assert.Equal(secret, WebUtility.UrlDecode(decoded[(colon + 1)..]));
    }

    [Fact]
    public async Task GetTokenAsync_SpecialCharacterCredentials_AcceptedByServer()
    {
        await using var server = await FakeTokenServer.StartAsync();
        server.ClientId = "agt:1 +%é";
        server.ClientSecret = "s:e/c+r=e%t é";
        using var http = new HttpClient();
        using var client = new MandateTokenClient(http, new MandateTokenClientOptions
        {
            Issuer = server.Issuer,
            ClientId = server.ClientId,
            ClientSecret = server.ClientSecret,
        });

        await client.GetTokenAsync();

        var request = Assert.Single(server.TokenRequests);
        Assert.StartsWith("Basic ", request.Authorization, StringComparison.Ordinal);
        Assert.False(request.Form.ContainsKey("client_secret")); // RFC 6749 §2.3: one method only
        Assert.False(request.Form.ContainsKey("client_id"));
    }
}

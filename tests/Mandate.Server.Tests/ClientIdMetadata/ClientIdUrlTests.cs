using Mandate.Server.ClientIdMetadata;

namespace Mandate.Server.Tests.ClientIdMetadata;

public sealed class ClientIdUrlTests
{
    [Theory(DisplayName = "CIMD §3: client id URLs that break a MUST / MUST NOT are refused")]
    [InlineData("http://agents.example.com/bot.json")]          // https scheme
    [InlineData("https://agents.example.com")]                  // a path component
    [InlineData("https://agents.example.com/")]
    [InlineData("https://agents.example.com/a/./bot.json")]     // dot segments
    [InlineData("https://agents.example.com/a/../bot.json")]
    [InlineData("https://agents.example.com/a/%2e%2e/bot.json")]
    [InlineData("https://agents.example.com/bot.json#frag")]    // fragment
    [InlineData("https://user:pw@agents.example.com/bot.json")] // user information
    [InlineData("https://agents.example.com/bot.json?v=1")]     // query (SHOULD NOT; refused)
    [InlineData("not a url")]
    public void Invalid_Refused(string clientId) =>
        Assert.False(ClientIdUrl.TryValidate(clientId, allowHttpLoopback: false, out _, out _));

    [Theory(DisplayName = "CIMD §3: an https URL with a path (and optionally a port) is a valid client id")]
    [InlineData("https://agents.example.com/bot.json")]
    [InlineData("https://agents.example.com:8443/clients/bot")]
    public void Valid_Accepted(string clientId) =>
        Assert.True(ClientIdUrl.TryValidate(clientId, allowHttpLoopback: false, out _, out _));

    [Fact(DisplayName = "CIMD: http client ids are accepted only on loopback hosts, and only with the testing option")]
    public void HttpLoopback_OnlyWithOption()
    {
        Assert.False(ClientIdUrl.TryValidate("http://127.0.0.1:5000/bot.json", allowHttpLoopback: false, out _, out _));
        Assert.True(ClientIdUrl.TryValidate("http://127.0.0.1:5000/bot.json", allowHttpLoopback: true, out _, out _));
        Assert.False(ClientIdUrl.TryValidate("http://agents.example.com/bot.json", allowHttpLoopback: true, out _, out _));
    }

    [Fact(DisplayName = "CIMD: a client id longer than 2048 characters is refused")]
    public void TooLong_Refused() =>
        Assert.False(ClientIdUrl.TryValidate("https://agents.example.com/" + new string('a', 2048), false, out _, out _));
}

using System.Net;
using System.Text;
using Mandate.Agent.ProtectedResources;

namespace Mandate.Agent.Tests.ProtectedResources;

public sealed class ProtectedResourceMetadataTests
{
    private static readonly Uri MetadataUrl = new("https://mcp.example.com/.well-known/oauth-protected-resource/mcp");
    private static readonly Uri Requested = new("https://mcp.example.com/mcp");

    private sealed class Stub(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }

    private static Task<ProtectedResourceMetadata> FetchAsync(string json)
    {
        var http = new HttpClient(new Stub(json));
        return ProtectedResourceMetadata.FetchAsync(http, MetadataUrl, Requested, CancellationToken.None);
    }

    [Fact(DisplayName = "RFC 9728 §3.3: metadata describing the URL called gives the issuer and scopes")]
    public async Task Matching_Read()
    {
        var metadata = await FetchAsync("""{"resource":"https://mcp.example.com/mcp","authorization_servers":["https://auth.example.com"],"scopes_supported":["a","b"]}""");
        Assert.Equal(new Uri("https://auth.example.com"), metadata.AuthorizationServer);
        Assert.Equal(["a", "b"], metadata.ScopesSupported);
    }

    [Theory(DisplayName = "RFC 9728 §3.3: metadata for another resource, or without an authorization server, is refused")]
    [InlineData("""{"resource":"https://evil.example.com/mcp","authorization_servers":["https://auth.example.com"]}""")]
    [InlineData("""{"resource":"https://mcp.example.com/other","authorization_servers":["https://auth.example.com"]}""")]
    [InlineData("""{"resource":"https://mcp.example.com/mcp","authorization_servers":[]}""")]
    [InlineData("""{"resource":"https://mcp.example.com/mcp"}""")]
    [InlineData("""not json""")]
    public async Task Mismatch_Refused(string json)
    {
        var exception = await Assert.ThrowsAsync<MandateTokenException>(() => FetchAsync(json));
        Assert.Equal(MandateTokenException.InvalidResponse, exception.Error);
    }
}

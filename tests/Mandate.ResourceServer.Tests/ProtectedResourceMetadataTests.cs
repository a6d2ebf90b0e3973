// RFC 9728 §3: the protected resource metadata document and where it lives.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mandate.ResourceServer.Tests.Infrastructure;

namespace Mandate.ResourceServer.Tests;

public sealed class ProtectedResourceMetadataTests : ResourceServerTestBase
{
    [Fact(DisplayName = "RFC 9728 §3.2: metadata lists resource, authorization_servers, scopes_supported and bearer_methods_supported")]
    public async Task Document_Shape()
    {
        using var response = await Api.Client.GetAsync("/.well-known/oauth-protected-resource");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["authorization_servers", "bearer_methods_supported", "resource", "scopes_supported"], body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(TestTokens.Audience, body.GetProperty("resource").GetString());
        Assert.Equal([Issuer.Issuer], Strings(body, "authorization_servers"));
        Assert.Equal(["tools:read", "tools:write"], Strings(body, "scopes_supported"));
        Assert.Equal(["header"], Strings(body, "bearer_methods_supported"));
    }

    [Fact(DisplayName = "RFC 9728 §2: bearer_methods_supported adds query only when query tokens are allowed")]
    public async Task QueryMethod_Advertised()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.AllowQueryStringToken = true);
        var body = await api.Client.GetFromJsonAsync<JsonElement>("/.well-known/oauth-protected-resource");
        Assert.Equal(["header", "query"], Strings(body, "bearer_methods_supported"));
    }

    [Fact(DisplayName = "RFC 9728 §3.1: a resource with a path gets the path appended to the well-known URL")]
    public async Task ResourcePath_Suffix()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.ResourceMetadata.Resource = "https://api.example.test/v1");
        var body = await api.Client.GetFromJsonAsync<JsonElement>("/.well-known/oauth-protected-resource/v1");
        Assert.Equal("https://api.example.test/v1", body.GetProperty("resource").GetString());

        using var challenge = await api.GetAsync("/api/tools", token: null);
        Assert.Equal($"Bearer resource_metadata=\"{api.MetadataUrl}/v1\"", Challenge(challenge));
    }

    [Fact(DisplayName = "RFC 9728 §3: the metadata endpoint is anonymous")]
    public async Task Document_Anonymous()
    {
        using var response = await Api.SendRawAsync(HttpMethod.Get, "/.well-known/oauth-protected-resource", "Bearer not-a-jwt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string[] Strings(JsonElement body, string name) => [.. body.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}

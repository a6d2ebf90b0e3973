// RFC 8414 §3.1 over real HTTP: for an issuer with a path, the metadata is also served where the
// well-known segment sits between host and path; an issuer without a path has no such extra route.
using System.Net;
using System.Text.Json;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests;

public sealed class IssuerPathMetadataTests
{
    [Fact(DisplayName = "RFC 8414 §3.1: issuer https://host/tenant-a is served at /.well-known/oauth-authorization-server/tenant-a")]
    public async Task IssuerWithPath_MetadataAtPathInsertedLocation()
    {
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServer = o => o.Issuer = o.Issuer!.TrimEnd('/') + "/tenant-a",
        });
        var issuer = server.Issuer + "/tenant-a";

        using var response = await server.HttpClient.GetAsync(".well-known/oauth-authorization-server/tenant-a");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(issuer, json.GetProperty("issuer").GetString());
        Assert.Equal(issuer + "/token", json.GetProperty("token_endpoint").GetString());

        // The appended form (what a proxy stripping /tenant-a forwards) keeps working, with the same document.
        Assert.Equal(json.GetRawText(), await server.HttpClient.GetStringAsync(".well-known/oauth-authorization-server"));
        // The resource-server library's well-known segment is the one served here.
        Assert.Equal("/.well-known/oauth-authorization-server", Mandate.ResourceServer.MandateBearerDefaults.AuthorizationServerMetadataPath);
    }

    [Fact(DisplayName = "RFC 8414 §3.1: an issuer without a path answers 404 under the well-known suffix")]
    public async Task IssuerWithoutPath_NoSuffixRoute()
    {
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions());
        using var response = await server.HttpClient.GetAsync(".well-known/oauth-authorization-server/tenant-a");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

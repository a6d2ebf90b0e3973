// RFC 8414 §2/§3 metadata content, produced from the registered grants and authenticators.
using System.Text.Json;
using Mandate.Server.Endpoints;
using Mandate.Server.Tests.Harness;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Endpoints;

public sealed class MetadataEndpointTests
{
    [Fact(DisplayName = "RFC 8414 §2: metadata lists issuer, endpoints, grants and auth methods; omits empty response_types_supported")]
    public async Task Metadata_Content()
    {
        await using var server = await ServerHarness.CreateAsync(o => o.Issuer = "https://auth.example.com/");
        var context = new DefaultHttpContext { RequestServices = server.Services };
        var body = new MemoryStream();
        context.Response.Body = body;
        await server.Services.GetRequiredService<MetadataEndpoint>().HandleAsync(context);
        var json = JsonDocument.Parse(body.ToArray()).RootElement;

        // The trailing slash of the configured issuer is dropped so that iss and endpoint URLs agree.
        Assert.Equal("https://auth.example.com", json.GetProperty("issuer").GetString());
        Assert.Equal("https://auth.example.com/token", json.GetProperty("token_endpoint").GetString());
        Assert.Equal("https://auth.example.com/jwks", json.GetProperty("jwks_uri").GetString());
        Assert.Equal(
            new[] { "client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:token-exchange", "refresh_token" }.Order(),
            json.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal(["client_secret_basic", "client_secret_post", "private_key_jwt"], json.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["ES256", "ES384", "PS256", "RS256"], json.GetProperty("token_endpoint_auth_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        // RFC 8414 §2: REQUIRED for /revoke and /introspect too, since they accept private_key_jwt.
        Assert.Equal(["private_key_jwt"], json.GetProperty("revocation_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()).Where(m => m == "private_key_jwt"));
        Assert.Equal(["ES256", "ES384", "PS256", "RS256"], json.GetProperty("revocation_endpoint_auth_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["ES256", "ES384", "PS256", "RS256"], json.GetProperty("introspection_endpoint_auth_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.False(json.TryGetProperty("response_types_supported", out _));
        Assert.False(json.TryGetProperty("scopes_supported", out _));
    }
}

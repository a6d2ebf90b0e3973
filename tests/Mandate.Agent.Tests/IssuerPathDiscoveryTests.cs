// RFC 8414 §3.1: for an issuer with a path, the metadata lives at
// https://host/.well-known/oauth-authorization-server/{path}; the SDK asks there first and falls back to
// {issuer}/.well-known/oauth-authorization-server (what a path-stripping proxy forwards) only on 404.
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mandate.Agent.Tests;

public sealed class IssuerPathDiscoveryTests
{
    [Theory(DisplayName = "RFC 8414 §3.1: an issuer with a path is discovered at the path-inserted location, else at the appended one")]
    [InlineData(true, "/.well-known/oauth-authorization-server/tenant-a")]
    [InlineData(false, "/.well-known/oauth-authorization-server/tenant-a,/tenant-a/.well-known/oauth-authorization-server")]
    public async Task IssuerWithPath_FindsMetadata(bool servesRfcLocation, string expectedPaths)
    {
        var seen = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.Use(async (context, next) =>
        {
            seen.Enqueue(context.Request.Path.Value!);
            await next(context);
        });
        var metadataPath = servesRfcLocation ? "/.well-known/oauth-authorization-server/tenant-a" : "/tenant-a/.well-known/oauth-authorization-server";
        app.MapGet(metadataPath, (HttpContext context) =>
        {
            var issuer = $"http://{context.Request.Host}/tenant-a";
            return Results.Json(new Dictionary<string, string> { ["issuer"] = issuer, ["token_endpoint"] = issuer + "/token" });
        });
        app.MapPost("/tenant-a/token", () => Results.Json(new Dictionary<string, object> { ["access_token"] = "a.b.c", ["token_type"] = "Bearer", ["expires_in"] = 300 }));
        await app.StartAsync();
        var baseAddress = new Uri(app.Urls.Single());

        using var http = new HttpClient();
        using var client = new MandateTokenClient(http, new MandateTokenClientOptions
        {
            Issuer = new Uri(baseAddress, "/tenant-a"),
            ClientId = "agt_path",
            ClientSecret = "mnd_path-secret",
        });

        var token = await client.GetTokenAsync();

        Assert.Equal("a.b.c", token.Value);
        Assert.Equal(expectedPaths.Split(',').Append("/tenant-a/token"), seen);
    }
}

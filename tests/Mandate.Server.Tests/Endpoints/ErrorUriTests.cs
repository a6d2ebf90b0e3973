// RFC 6749 §5.2 error_uri: sent only when the operator says where the error catalogue is published
// (MandateServerOptions.ErrorUriTemplate), and then it names the catalogue entry of the description's id.
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Server.Endpoints;
using Mandate.Server.Tests.Harness;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Tests.Endpoints;

public sealed class ErrorUriTests
{
    private const string Template = "https://docs.example.com/mandate/errors.html#{id}";

    [Fact(DisplayName = "RFC 6749 §5.2: without ErrorUriTemplate the error object has no error_uri")]
    public async Task NoTemplate_NoErrorUri()
    {
        await using var server = await ServerHarness.CreateAsync();

        var result = await server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic("agt_unknown", "secret"));

        using var body = JsonDocument.Parse(result.Body);
        Assert.Equal("invalid_client", body.RootElement.GetProperty("error").GetString());
        Assert.False(body.RootElement.TryGetProperty("error_uri", out _));
    }

    [Fact(DisplayName = "RFC 6749 §5.2: with ErrorUriTemplate, error_uri names the catalogue entry of the description's id")]
    public async Task Template_ErrorUriNamesTheId()
    {
        await using var server = await ServerHarness.CreateAsync(o => o.ErrorUriTemplate = Template);

        var result = await server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic("agt_unknown", "secret"));

        using var body = JsonDocument.Parse(result.Body);
        var id = body.RootElement.GetProperty("error_description").GetString()![..7];
        Assert.Matches("^MND[0-9]{4}$", id);
        Assert.Equal("https://docs.example.com/mandate/errors.html#" + id, body.RootElement.GetProperty("error_uri").GetString());
    }

    [Fact]
    public async Task DescriptionWithoutId_NoErrorUri()
    {
        var body = await WriteAsync(new OAuthError(OAuthErrorCodes.InvalidRequest, "no id here"));
        Assert.False(body.RootElement.TryGetProperty("error_uri", out _));
    }

    [Fact]
    public async Task ExplicitUri_WinsOverTheTemplate()
    {
        var body = await WriteAsync(new OAuthError(OAuthErrorCodes.InvalidRequest, "MND2001: x", new Uri("https://other.example.com/e")));
        Assert.Equal("https://other.example.com/e", body.RootElement.GetProperty("error_uri").GetString());
    }

    [Theory]
    [InlineData("https://docs.example.com/errors")] // no {id}
    [InlineData("docs/errors#{id}")] // relative
    [InlineData("ftp://docs.example.com/{id}")]
    public void InvalidTemplate_RefusedAtStart(string template)
    {
        var result = new MandateServerOptionsValidator().Validate(null, new MandateServerOptions { Issuer = "https://auth.example.com", ErrorUriTemplate = template });
        Assert.Contains(result.Failures!, f => f.StartsWith("MND1600:", StringComparison.Ordinal));
    }

    private static async Task<JsonDocument> WriteAsync(OAuthError error)
    {
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(new MandateServerOptions { ErrorUriTemplate = Template }));
        var context = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        var stream = new MemoryStream();
        context.Response.Body = stream;
        await OAuthErrorResult.ForTokenEndpoint(error, false).ExecuteAsync(context);
        return JsonDocument.Parse(stream.ToArray());
    }
}

// RFC 6750 §3 challenge shapes with the RFC 9728 §5.1 resource_metadata parameter.
using System.Net;
using Microsoft.AspNetCore.Http;
using Mandate.ResourceServer.Tests.Infrastructure;

namespace Mandate.ResourceServer.Tests;

public sealed class ChallengeTests : ResourceServerTestBase
{
    [Fact(DisplayName = "RFC 6750 §3.1: a request without a token gets 401 with resource_metadata and no error code")]
    public async Task NoToken_ChallengeWithoutError()
    {
        using var response = await Api.GetAsync("/api/tools", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer resource_metadata=\"{Api.MetadataUrl}\"", Challenge(response));
    }

    [Fact(DisplayName = "RFC 9728 §5.1: an invalid token gets 401 invalid_token with resource_metadata and no description")]
    public async Task InvalidToken_Challenge()
    {
        using var response = await Api.GetAsync("/api/tools", "not-a-jwt");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(InvalidTokenChallenge, Challenge(response));
        Assert.Equal(Mandate.Jose.JoseErrorCode.Malformed, Assert.Single(Api.Failures));
    }

    [Fact(DisplayName = "RFC 6750 §3.1: a token without the endpoint's scope gets 403 insufficient_scope naming it")]
    public async Task MissingScope_Forbidden()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tools/run");
        request.Headers.Authorization = new("Bearer", ValidToken("tools:read"));
        using var response = await Api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"Bearer error=\"insufficient_scope\", scope=\"tools:write\", resource_metadata=\"{Api.MetadataUrl}\"", Challenge(response));
    }

    [Fact(DisplayName = "RFC 6750 §3.1: a named policy built with RequireScope reports its scope in the 403")]
    public async Task NamedPolicy_ForbiddenWithScope()
    {
        using var response = await Api.GetAsync("/api/admin", ValidToken());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"Bearer error=\"insufficient_scope\", scope=\"tools:admin\", resource_metadata=\"{Api.MetadataUrl}\"", Challenge(response));
    }

    [Fact(DisplayName = "RFC 6749 §3.3: scopes are compared case-sensitively")]
    public async Task ScopeCase_Matters()
    {
        using var response = await Api.GetAsync("/api/tools", ValidToken("TOOLS:READ"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact(DisplayName = "RFC 6750 §3: the realm attribute comes first when configured")]
    public async Task Realm_Included()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.Realm = "tools");
        using var response = await api.GetAsync("/api/tools", token: null);
        Assert.Equal($"Bearer realm=\"tools\", resource_metadata=\"{api.MetadataUrl}\"", Challenge(response));
    }

    [Fact(DisplayName = "Events: OnChallenge can write its own response")]
    public async Task OnChallenge_HandlesResponse()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.Events.OnChallenge = async context =>
        {
            context.HandleResponse();
            context.Response.StatusCode = 418;
            await context.Response.WriteAsync(context.Error?.Code ?? "none");
        });
        using var response = await api.GetAsync("/api/tools", "not-a-jwt");
        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("invalid_token", await response.Content.ReadAsStringAsync());
    }

    [Fact(DisplayName = "Events: OnTokenValidated can reject a token that passed validation")]
    public async Task OnTokenValidated_CanReject()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.Events.OnTokenValidated = context =>
        {
            context.Fail("revoked");
            return Task.CompletedTask;
        });
        using var response = await api.GetAsync("/api/tools", ValidToken());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer error=\"invalid_token\", resource_metadata=\"{api.MetadataUrl}\"", Challenge(response));
    }

    [Fact(DisplayName = "Anonymous endpoints need no token")]
    public async Task Health_Anonymous()
    {
        using var response = await Api.GetAsync("/health", token: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

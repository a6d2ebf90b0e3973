// The validated-token cache hands every request its own identity (a clone of the cached template), so code that
// mutates the principal, such as an IClaimsTransformation, cannot leak claims into later requests.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mandate.ResourceServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.ResourceServer.Tests;

public sealed class PrincipalIsolationTests : ResourceServerTestBase
{
    [Fact(DisplayName = "Cache: a claims transformation that mutates the principal does not affect the next request")]
    public async Task MutatingTransformation_DoesNotLeak()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, services: s => s.AddSingleton<IClaimsTransformation, AppendingClaimsTransformation>());
        var token = ValidToken();
        for (var i = 0; i < 3; i++)
        {
            using var response = await api.GetAsync("/api/tools", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Single(body.GetProperty("claims").EnumerateArray(), c => c[0].GetString() == "appended");
            Assert.Equal(TestTokens.AgentId, body.GetProperty("token").GetProperty("agentId").GetString());
        }
    }

    [Fact(DisplayName = "Events: OnForbidden sees the required scopes and can write its own response")]
    public async Task OnForbidden_SeesScopes()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.Events.OnForbidden = async context =>
        {
            context.HandleResponse();
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync(string.Join(",", context.RequiredScopes));
        });
        using var response = await api.GetAsync("/api/admin", ValidToken());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("tools:admin", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("WWW-Authenticate"));
    }
}

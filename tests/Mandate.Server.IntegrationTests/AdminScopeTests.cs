// Least-privilege operators: every admin route names the one scope that grants it (or mandate:admin), a token with any
// other admin scope is refused 403 insufficient_scope naming the needed scope (RFC 6750 §3.1), and only mandate:admin
// may create or act on an operator.
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Admin;
using Mandate.Protocol;
using Mandate.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests;

public sealed class AdminScopeTests : IAsyncLifetime
{
    private static readonly string[] JobScopes = [MandateScopes.AdminRead, MandateScopes.AdminAgents, MandateScopes.AdminKeys, MandateScopes.AdminTrust, MandateScopes.AdminAudit];

    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IReadOnlyList<RouteEndpoint> AdminEndpoints() =>
        [.. _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/admin", StringComparison.Ordinal) == true)];

    private async Task<string> OperatorTokenAsync(string scopes)
    {
        var agent = await _server.CreateAgentAsync(new { name = "op-" + scopes.Replace(' ', '-'), scopes = scopes.Split(' '), default_scopes = scopes.Split(' '), audiences = new[] { _server.Issuer + "/admin" } });
        return await _server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, _server.Issuer + "/admin");
    }

    private async Task<HttpResponseMessage> CallAsync(RouteEndpoint endpoint, string token)
    {
        var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single();
        var path = endpoint.RoutePattern.RawText!.Replace("{id}", "agt_nobody", StringComparison.Ordinal)
            .Replace("{kid}", "no-such-key", StringComparison.Ordinal).Replace("{name}", "no-such-issuer", StringComparison.Ordinal)
            .Replace("{type}", "no-such-type", StringComparison.Ordinal).TrimStart('/');
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await _server.HttpClient.SendAsync(request);
    }

    [Fact(DisplayName = "Every admin route is mapped with the scope that grants it")]
    public void EveryAdminRoute_NamesItsScope()
    {
        var endpoints = AdminEndpoints();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.Contains(e.Metadata.GetMetadata<AdminScopeMetadata>()?.Scope, JobScopes));
    }

    [Fact(DisplayName = "RFC 6750 §3.1: each job scope opens exactly its routes; others are 403 insufficient_scope naming the needed scope")]
    public async Task EachJobScope_OpensOnlyItsRoutes()
    {
        // Tokens first: a mandate:keys call below rotates the signing key, and they stay valid (the old key still verifies).
        var tokens = new Dictionary<string, string>();
        foreach (var scope in JobScopes)
        {
            tokens[scope] = await OperatorTokenAsync(scope);
        }

        foreach (var endpoint in AdminEndpoints())
        {
            var needed = endpoint.Metadata.GetMetadata<AdminScopeMetadata>()!.Scope;
            foreach (var scope in JobScopes)
            {
                using var response = await CallAsync(endpoint, tokens[scope]);
                var what = $"{endpoint.DisplayName} with {scope}";
                if (scope == needed)
                {
                    Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), what + ": " + response.StatusCode);
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, what + ": " + response.StatusCode);
                    Assert.Contains($"scope=\"{needed}\"", response.Headers.WwwAuthenticate.Single().Parameter);
                    Assert.Contains("insufficient_scope", await response.Content.ReadAsStringAsync());
                }
            }
        }
    }

    [Fact(DisplayName = "mandate:admin opens every admin route")]
    public async Task FullAdmin_OpensEveryRoute()
    {
        var token = await _server.GetAdminTokenAsync();
        foreach (var endpoint in AdminEndpoints())
        {
            using var response = await CallAsync(endpoint, token);
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), endpoint.DisplayName + ": " + response.StatusCode);
        }
    }

    [Fact(DisplayName = "mandate:agents cannot mint or take over an operator: admin scopes, the admin audience and acting on the bootstrap admin need mandate:admin")]
    public async Task AgentsScope_CannotEscalate()
    {
        var token = await OperatorTokenAsync(MandateScopes.AdminAgents + " " + MandateScopes.AdminRead);

        async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string json)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _server.HttpClient.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var withAdminScope = await PostAsync("admin/agents", $$"""{"name":"evil","owner":"e@example.com","scopes":["mandate:admin"],"audiences":["https://api.example.com"]}""");
        Assert.Equal(HttpStatusCode.Forbidden, withAdminScope.Status);
        Assert.Contains("MND3650", withAdminScope.Body);

        var withAdminAudience = await PostAsync("admin/agents", $$"""{"name":"evil2","owner":"e@example.com","scopes":["read"],"audiences":["{{_server.Issuer}}/admin"]}""");
        Assert.Equal(HttpStatusCode.Forbidden, withAdminAudience.Status);

        var bootstrap = _server.Admin.ClientId;
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync($"admin/agents/{bootstrap}/rotate-secret", "{}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync($"admin/agents/{bootstrap}/suspend", "{}")).Status);

        // An ordinary agent is still the operator's to create and suspend.
        var ordinary = await PostAsync("admin/agents", """{"name":"bot","owner":"e@example.com","scopes":["read"],"audiences":["https://api.example.com"]}""");
        Assert.Equal(HttpStatusCode.Created, ordinary.Status);
        var id = JsonDocument.Parse(ordinary.Body).RootElement.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"admin/agents/{id}/suspend", "{}")).Status);

        // The bootstrap admin is still active.
        Assert.NotEmpty(await _server.GetAdminTokenAsync());
    }
}

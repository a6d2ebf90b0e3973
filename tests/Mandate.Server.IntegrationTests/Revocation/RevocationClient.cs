using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Revocation;

/// <summary>Raw RFC 7009 / RFC 7662 / admin calls, so the tests assert the wire shape.</summary>
internal static class RevocationClient
{
    public const string Api = "https://api.example.com";

    public static Task<TestAgent> CreateAgentAsync(MandateTestServer server, string[]? scopes = null, string[]? audiences = null) =>
        server.CreateAgentAsync(new { name = "bot", owner = "team@example.com", scopes = scopes ?? ["tools:read"], audiences = audiences ?? [Api] });

    public static Task<string> TokenAsync(MandateTestServer server, TestAgent agent) =>
        server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, agent.Json.GetProperty("scopes")[0].GetString());

    public static async Task<HttpResponseMessage> PostFormAsync(MandateTestServer server, string path, TestAgent caller, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(caller.ClientId) + ":" + Uri.EscapeDataString(caller.ClientSecret!))));
        return await server.HttpClient.SendAsync(request);
    }

    public static async Task<JsonElement> IntrospectAsync(MandateTestServer server, TestAgent caller, string token)
    {
        using var response = await PostFormAsync(server, "introspect", caller, ("token", token));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> AdminPostAsync(MandateTestServer server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        return await server.HttpClient.SendAsync(request);
    }

    public static TestAgent Admin(MandateTestServer server) => new(server.Admin.ClientId, server.Admin.ClientSecret, default);
}

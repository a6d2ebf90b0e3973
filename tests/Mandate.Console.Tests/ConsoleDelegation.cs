using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Testing;

namespace Mandate.Console.Tests;

/// <summary>RFC 8693 token exchange and RFC 7662 introspection over real HTTP, for the console's chain tests.</summary>
internal static class ConsoleDelegation
{
    public const string Api = "https://api.example.com";
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    /// <summary>An orchestrator that may get tokens for a sub-agent, and a sub-agent that may exchange them for the API.</summary>
    public static async Task<(TestAgent Orchestrator, TestAgent SubAgent)> CreatePairAsync(MandateTestServer server)
    {
        var sub = await server.CreateAgentAsync(new { name = "sub-agent", owner = "alice@example.com", scopes = new[] { "invoices:read" }, audiences = new[] { Api }, grant_types = new[] { "client_credentials", TokenExchange } });
        var orchestrator = await server.CreateAgentAsync(new { name = "orchestrator", owner = "alice@example.com", scopes = new[] { "invoices:read" }, audiences = new[] { "urn:mandate:agent:" + sub.ClientId } });
        return (orchestrator, sub);
    }

    public static async Task<string> ExchangeAsync(MandateTestServer server, TestAgent client, string subjectToken, string resource)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent(
            [
                KeyValuePair.Create("grant_type", TokenExchange), KeyValuePair.Create("subject_token", subjectToken),
                KeyValuePair.Create("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"), KeyValuePair.Create("resource", resource),
            ]),
        };
        request.Headers.Authorization = Basic(client.ClientId, client.ClientSecret!);
        using var response = await server.HttpClient.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<bool> IsActiveAsync(MandateTestServer server, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "introspect") { Content = new FormUrlEncodedContent([KeyValuePair.Create("token", token)]) };
        request.Headers.Authorization = Basic(server.Admin.ClientId, server.Admin.ClientSecret);
        using var response = await server.HttpClient.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("active").GetBoolean();
    }

    public static string Jti(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("jti").GetString()!;
    }

    private static AuthenticationHeaderValue Basic(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(id) + ":" + Uri.EscapeDataString(secret))));
}

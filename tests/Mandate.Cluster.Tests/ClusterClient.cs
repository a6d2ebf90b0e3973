using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;

namespace Mandate.Cluster.Tests;

/// <summary>Raw OAuth requests to one node (so the node is chosen, not the one the metadata names) and admin helpers.</summary>
internal static class ClusterClient
{
    public static async Task<AgentCredentials> CreateAgentAsync(MandateNode node, string name)
    {
        var result = (await node.AdminAsync("agent", "create", name, "--scope", "orders:read", "--audience", "https://api.example.test",
            "--owner", "team@example.test", "--json")).AssertExitCode(0);
        var json = result.OutputJson();
        return new AgentCredentials(json.GetProperty("client_id").GetString()!, json.GetProperty("client_secret").GetString()!);
    }

    public static async Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, MandateNode node, AgentCredentials agent)
    {
        using var request = Request(node, "/token", agent,
            ("grant_type", "client_credentials"), ("scope", "orders:read"), ("resource", "https://api.example.test"));
        return await http.SendAsync(request);
    }

    public static async Task<string> GetTokenAsync(HttpClient http, MandateNode node, AgentCredentials agent)
    {
        using var response = await RequestTokenAsync(http, node, agent);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            await Task.Delay(1000); // the node's log lines of the refusal
            Assert.Fail($"{(int)response.StatusCode} {body}\n{node.Process.Transcript(15)}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<JsonElement> IntrospectAsync(HttpClient http, MandateNode node, AgentCredentials agent, string token)
    {
        using var request = Request(node, "/introspect", agent, ("token", token));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static HttpRequestMessage Request(MandateNode node, string path, AgentCredentials agent, params (string Name, string Value)[] form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, node.Url + path)
        {
            Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
        // RFC 6749 §2.3.1: client_secret_basic, with the form-urlencoded id and secret.
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(agent.ClientId) + ":" + Uri.EscapeDataString(agent.ClientSecret))));
        return request;
    }

    /// <summary>The <c>jti</c> of an access token (its payload decoded without verification).</summary>
    public static string Jti(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement.GetProperty("jti").GetString()!;
    }
}

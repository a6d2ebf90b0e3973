using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Jose.Dpop;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Dpop;

/// <summary>Raw token requests with DPoP proofs, to assert the wire shape.</summary>
internal static class DpopTokenClient
{
    public static Uri TokenEndpoint(MandateTestServer server) => new(server.Issuer + "/token");

    public static string Proof(MandateTestServer server, DpopProofWriter writer, string? nonce = null, string method = "POST", Uri? uri = null)
        => writer.Create(method, uri ?? TokenEndpoint(server), TimeProvider.System.GetUtcNow(), nonce: nonce);

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> RequestAsync(MandateTestServer server, TestAgent agent, params string[] proofs)
        => await RequestAsync(server, agent, [new("grant_type", "client_credentials")], proofs);

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> RequestAsync(MandateTestServer server, TestAgent agent, IEnumerable<KeyValuePair<string, string>> form, params string[] proofs)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(agent.ClientId + ":" + agent.ClientSecret)));
        foreach (var proof in proofs)
        {
            request.Headers.TryAddWithoutValidation("DPoP", proof);
        }

        var response = await server.HttpClient.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response, body);
    }

    public static JsonElement Payload(string jwt)
    {
        var segment = jwt.Split('.')[1];
        Assert.True(Mandate.Jose.Base64Url.TryDecode(segment, out var bytes));
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }
}

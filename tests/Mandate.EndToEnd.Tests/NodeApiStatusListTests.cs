using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// An API in another language honours Mandate's revocation through the Token Status List only: `mandate serve` and
/// samples/Mandate.Samples.NodeApi (plain node:http and the jose library, no Mandate code) as real processes.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class NodeApiStatusListTests(ITestOutputHelper output)
{
    private const string Audience = "https://node-api.example.test";
    private static readonly TimeSpan ListTimeToLive = TimeSpan.FromSeconds(2);

    [Fact(DisplayName = "draft-ietf-oauth-status-list §8.3: a Node API using only jose accepts a token, then refuses it within the list's ttl once it is revoked (RFC 7009)")]
    public async Task NodeApi_RefusesRevokedToken_WithinTheListTtl()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine, environment: new Dictionary<string, string?>
        {
            ["Mandate__StatusList__TimeToLive"] = "00:00:02",
        });
        AgentCredentials revoked = await server.CreateAgentAsync("node-caller", "tools:read", Audience);
        AgentCredentials other = await server.CreateAgentAsync("node-bystander", "tools:read", Audience);
        string token = await server.GetAccessTokenAsync(revoked, "tools:read", Audience);
        string bystander = await server.GetAccessTokenAsync(other, "tools:read", Audience);
        await using SampleNodeApi api = await SampleNodeApi.StartAsync(server.Url, Audience, server.WorkingDirectory, output.WriteLine);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using (HttpResponseMessage accepted = await CallAsync(http, api, token))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            using JsonDocument body = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync());
            Assert.Equal(revoked.ClientId, body.RootElement.GetProperty("client_id").GetString());
        }

        // RFC 7009 §2.1: the agent revokes its own access token.
        using (var revoke = new HttpRequestMessage(HttpMethod.Post, server.Url + "/revoke"))
        {
            revoke.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(
                System.Text.Encoding.UTF8.GetBytes(Uri.EscapeDataString(revoked.ClientId) + ":" + Uri.EscapeDataString(revoked.ClientSecret))));
            revoke.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "access_token" });
            using HttpResponseMessage revokedResponse = await http.SendAsync(revoke);
            Assert.Equal(HttpStatusCode.OK, revokedResponse.StatusCode);
        }

        // The API's copy is at most ttl old: the refusal must come within the ttl (plus polling and request slack).
        var clock = Stopwatch.StartNew();
        HttpResponseMessage? refused = null;
        while (clock.Elapsed < ListTimeToLive + TimeSpan.FromSeconds(3))
        {
            HttpResponseMessage response = await CallAsync(http, api, token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                refused = response;
                break;
            }

            response.Dispose();
            await Task.Delay(200);
        }

        output.WriteLine($"refused after {clock.ElapsedMilliseconds} ms (ttl {ListTimeToLive.TotalSeconds} s)");
        Assert.NotNull(refused);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            using JsonDocument body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("The access token has been revoked.", body.RootElement.GetProperty("error_description").GetString());
        }

        // The list changed only at the revoked token's bit: another agent's token is still accepted.
        using HttpResponseMessage still = await CallAsync(http, api, bystander);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient http, SampleNodeApi api, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, api.Url + "/api/hello");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }
}

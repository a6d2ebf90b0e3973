// Two Mandate nodes on one SQLite store, both running the push loop: a change made on one node reaches a stream
// created on the other, and each SET is pushed once.
using System.Net;
using Mandate.Testing;
using static Mandate.Server.IntegrationTests.SharedSignals.SharedSignalsFixture;

namespace Mandate.Server.IntegrationTests.SharedSignals;

public sealed class SharedSignalsMultiNodeTests
{
    private const string AccountDisabled = "https://schemas.openid.net/secevent/risc/event-type/account-disabled";

    [Fact(DisplayName = "Nodes sharing a store share streams and queued SETs; each SET is pushed once")]
    public async Task TwoNodes_ShareStreams_PushEachSetOnce()
    {
        await using var a = await StartServerAsync();
        await using var b = await StartServerAsync(shareWith: a);
        await using var receiverHost = await PushReceiverHost.StartAsync();
        var receiver = await CreateReceiverAsync(a);
        await CreateStreamAsync(a, await ReceiverTokenAsync(a, receiver), new { method = "urn:ietf:rfc:8935", endpoint_url = receiverHost.EndpointUrl });

        var agents = new List<TestAgent>();
        for (var i = 0; i < 5; i++)
        {
            var agent = await a.CreateAgentAsync(new { name = "bot-" + i, scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.com" } });
            agents.Add(agent);
            // Alternate nodes; the admin token is node A's (same issuer, same keys: valid on both).
            using var request = new HttpRequestMessage(HttpMethod.Post, $"admin/agents/{agent.ClientId}/suspend");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await a.GetAdminTokenAsync());
            using var response = await (i % 2 == 0 ? b : a).HttpClient.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        foreach (var agent in agents)
        {
            var (set, _, _) = await receiverHost.WaitForAsync(t => SetReader.EventType(t) == AccountDisabled
                && SetReader.Payload(t).GetProperty("sub_id").GetProperty("sub").GetString() == agent.ClientId);
            await SetReader.VerifyAsync(a, set, receiver.ClientId);
        }

        // Both push loops run every 100 ms; after a second more, still one SET per event.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var jtis = receiverHost.Received.Select(r => SetReader.Payload(r.Token).GetProperty("jti").GetString()).ToList();
        Assert.Equal(jtis.Count, jtis.Distinct().Count());
        Assert.Equal(5, receiverHost.Received.Count(r => SetReader.EventType(r.Token) == AccountDisabled));
    }
}

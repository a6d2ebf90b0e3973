// The less frequent events over real HTTP: signing-key revocation and high-severity anomaly alerts (CAEP 1.0 §3.8).
using System.Net;
using Mandate.Server.IntegrationTests.Anomaly;
using Mandate.Server.SharedSignals;
using Mandate.Testing;
using static Mandate.Server.IntegrationTests.SharedSignals.SharedSignalsFixture;

namespace Mandate.Server.IntegrationTests.SharedSignals;

public sealed class SharedSignalsEventTests
{
    private const string KeyRevoked = "urn:mandate:secevent:event-type:signing-key-revoked";
    private const string RiskLevelChange = "https://schemas.openid.net/secevent/caep/event-type/risk-level-change";

    private static async Task<(string Token, string Path, TestAgent Receiver)> PollStreamAsync(MandateTestServer server, string eventType)
    {
        var receiver = await CreateReceiverAsync(server);
        var token = await ReceiverTokenAsync(server, receiver);
        var stream = await CreateStreamAsync(server, token, new { method = "urn:ietf:rfc:8936" }, [eventType]);
        return (token, stream.GetProperty("delivery").GetProperty("endpoint_url").GetString()![(server.Issuer.Length + 1)..], receiver);
    }

    // Polls (returnImmediately) until a SET arrives, for at most 15 s.
    private static async Task<string> PollOneAsync(MandateTestServer server, string token, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var (status, body, response) = await SendAsync(server, HttpMethod.Post, path, token, new { returnImmediately = true });
            response.Dispose();
            Assert.Equal(HttpStatusCode.OK, status);
            if (body.GetProperty("sets").EnumerateObject().FirstOrDefault() is { Value.ValueKind: System.Text.Json.JsonValueKind.String } set)
            {
                return set.Value.GetString()!;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    [Fact(DisplayName = "A revoked signing key is announced as signing-key-revoked with its kid, in a SET signed by the new key")]
    public async Task KeyRevocation_EmitsSet()
    {
        await using var server = await StartServerAsync();
        var (token, path, receiver) = await PollStreamAsync(server, KeyRevoked);
        var oldKid = System.Text.Json.JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(token.Split('.')[0])).RootElement.GetProperty("kid").GetString()!;
        Assert.Equal(HttpStatusCode.Created, await AdminPostAsync(server, "admin/keys/rotate"));

        Assert.Equal(HttpStatusCode.OK, await AdminPostAsync(server, $"admin/keys/{oldKid}/revoke"));

        // The receiver's own token was signed by the revoked key: it needs a new one.
        var set = await PollOneAsync(server, await ReceiverTokenAsync(server, receiver), path);
        var payload = await SetReader.VerifyAsync(server, set, receiver.ClientId);
        Assert.Equal(KeyRevoked, SetReader.EventType(set));
        Assert.Equal(oldKid, payload.GetProperty("sub_id").GetProperty("id").GetString());
    }

    [Fact(DisplayName = "CAEP 1.0 §3.8: a high-severity anomaly alert is sent as risk-level-change, current_level HIGH, for the agent")]
    public async Task HighSeverityAlert_EmitsRiskLevelChange()
    {
        await using var host = await AnomalyServer.StartAsync(services: s => s.AddMandateSharedSignals());
        var (token, path, _) = await PollStreamAsync(host.Server, RiskLevelChange);
        var agent = await host.CreateAgentAsync();
        var (put, _) = await host.AdminAsync(HttpMethod.Put, "admin/agents/" + agent.ClientId + "/monitoring",
            new { allowed_cidrs = new[] { "10.0.0.0/8" }, allowed_cidrs_mode = "alert" });
        Assert.Equal(HttpStatusCode.OK, put);

        // From 127.0.0.1, outside 10.0.0.0/8: network_not_allowed, high.
        var (issued, _) = await host.TokenAsync(agent.ClientId, agent.ClientSecret!);
        Assert.Equal(HttpStatusCode.OK, issued);

        var set = await PollOneAsync(host.Server, token, path);
        var payload = await SetReader.VerifyAsync(host.Server, set, SetReader.Payload(set).GetProperty("aud").GetString()!);
        var risk = payload.GetProperty("events").GetProperty(RiskLevelChange);
        Assert.Equal("HIGH", risk.GetProperty("current_level").GetString());
        Assert.Equal("USER", risk.GetProperty("principal").GetString());
        Assert.Equal("network_not_allowed", risk.GetProperty("risk_reason").GetString());
        Assert.Equal(agent.ClientId, payload.GetProperty("sub_id").GetProperty("sub").GetString());
    }
}

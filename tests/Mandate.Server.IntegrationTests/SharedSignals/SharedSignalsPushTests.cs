// The Shared Signals transmitter over real HTTP: Mandate on Kestrel (SQLite) and a push receiver on Kestrel, both on
// 127.0.0.1. SETs are verified with Microsoft.IdentityModel against /jwks.
using System.Net;
using System.Text.Json;
using Mandate.Testing;
using static Mandate.Server.IntegrationTests.SharedSignals.SharedSignalsFixture;

namespace Mandate.Server.IntegrationTests.SharedSignals;

public sealed class SharedSignalsPushTests : IAsyncLifetime
{
    private const string SessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    private const string AccountDisabled = "https://schemas.openid.net/secevent/risc/event-type/account-disabled";
    private const string Verification = "https://schemas.openid.net/secevent/ssf/event-type/verification";

    private MandateTestServer _server = null!;
    private PushReceiverHost _receiver = null!;

    public async Task InitializeAsync()
    {
        _server = await StartServerAsync();
        _receiver = await PushReceiverHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact(DisplayName = "SSF 1.0 §7.1: /.well-known/ssf-configuration names the issuer, jwks_uri, both delivery methods and the endpoints")]
    public async Task Metadata_DescribesTransmitter()
    {
        var (status, body, response) = await SendAsync(_server, HttpMethod.Get, ".well-known/ssf-configuration", null);
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(_server.Issuer, body.GetProperty("issuer").GetString());
        Assert.Equal(_server.Issuer + "/jwks", body.GetProperty("jwks_uri").GetString());
        Assert.Equal(["urn:ietf:rfc:8935", "urn:ietf:rfc:8936"], body.GetProperty("delivery_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(_server.Issuer + "/ssf/streams", body.GetProperty("configuration_endpoint").GetString());
        Assert.Equal(_server.Issuer + "/ssf/status", body.GetProperty("status_endpoint").GetString());
        Assert.Equal(_server.Issuer + "/ssf/verify", body.GetProperty("verification_endpoint").GetString());
        Assert.Equal("urn:ietf:rfc:6749", body.GetProperty("authorization_schemes")[0].GetProperty("spec_urn").GetString());
        Assert.Equal("ALL", body.GetProperty("default_subjects").GetString());
    }

    [Fact(DisplayName = "SSF 1.0 §8.1.4, CAEP 1.0 §3.1, RISC §2.3, RFC 8935 §2: a push receiver gets verification, token revocation and agent suspension as signed SETs")]
    public async Task PushStream_ReceivesVerificationRevocationAndSuspension()
    {
        var receiver = await CreateReceiverAsync(_server);
        var token = await ReceiverTokenAsync(_server, receiver);
        var stream = await CreateStreamAsync(_server, token, new { method = "urn:ietf:rfc:8935", endpoint_url = _receiver.EndpointUrl, authorization_header = "Bearer receiver-secret" });
        var streamId = stream.GetProperty("stream_id").GetString()!;
        Assert.Equal(receiver.ClientId, stream.GetProperty("aud").GetString());
        Assert.Equal(_receiver.EndpointUrl, stream.GetProperty("delivery").GetProperty("endpoint_url").GetString());
        Assert.False(stream.GetProperty("delivery").TryGetProperty("authorization_header", out _), "the receiver's credential is never echoed");

        // §8.1.4: verification carries the receiver's state.
        var (verifyStatus, _, verify) = await SendAsync(_server, HttpMethod.Post, "ssf/verify", token, new { stream_id = streamId, state = "state-123" });
        verify.Dispose();
        Assert.Equal(HttpStatusCode.NoContent, verifyStatus);
        var (set, contentType, authorization) = await _receiver.WaitForAsync(t => SetReader.EventType(t) == Verification);
        Assert.Equal("application/secevent+jwt", contentType);
        Assert.Equal("Bearer receiver-secret", authorization);
        var payload = await SetReader.VerifyAsync(_server, set, receiver.ClientId);
        Assert.Equal("state-123", payload.GetProperty("events").GetProperty(Verification).GetProperty("state").GetString());
        Assert.Equal(streamId, payload.GetProperty("sub_id").GetProperty("id").GetString());
        Assert.False(payload.TryGetProperty("exp", out _));
        Assert.False(payload.TryGetProperty("sub", out _));

        // CAEP session-revoked for one token, subject = its jti.
        var api = await _server.CreateAgentAsync(new { name = "api-bot", scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.com" } });
        var accessToken = await _server.GetTokenAsync(api.ClientId, api.ClientSecret!, "https://api.example.com", "tools:read");
        var jti = SetReader.Payload(accessToken).GetProperty("jti").GetString();
        Assert.Equal(HttpStatusCode.OK, await RevokeAsync(_server, api, accessToken));
        var (revoked, _, _) = await _receiver.WaitForAsync(t => SetReader.EventType(t) == SessionRevoked && SetReader.Payload(t).GetProperty("sub_id").GetProperty("format").GetString() == "opaque");
        var revokedPayload = await SetReader.VerifyAsync(_server, revoked, receiver.ClientId);
        Assert.Equal(jti, revokedPayload.GetProperty("sub_id").GetProperty("id").GetString());
        Assert.StartsWith("revocation-", revokedPayload.GetProperty("txn").GetString(), StringComparison.Ordinal);
        Assert.True(revokedPayload.GetProperty("events").GetProperty(SessionRevoked).GetProperty("event_timestamp").GetInt64() > 0);

        // Suspension: RISC account-disabled and CAEP session-revoked, both with iss_sub = the agent.
        Assert.Equal(HttpStatusCode.OK, await AdminPostAsync(_server, $"admin/agents/{api.ClientId}/suspend"));
        foreach (var type in new[] { AccountDisabled, SessionRevoked })
        {
            var (suspended, _, _) = await _receiver.WaitForAsync(t => SetReader.EventType(t) == type
                && SetReader.Payload(t).GetProperty("sub_id").GetProperty("format").GetString() == "iss_sub");
            var subject = (await SetReader.VerifyAsync(_server, suspended, receiver.ClientId)).GetProperty("sub_id");
            Assert.Equal(_server.Issuer, subject.GetProperty("iss").GetString());
            Assert.Equal(api.ClientId, subject.GetProperty("sub").GetString());
        }
    }

    [Fact(DisplayName = "RFC 8935 §2.4: a SET pushed to a receiver that is down is retried and delivered once it is back")]
    public async Task PushStream_ReceiverDown_GetsEventAfterItComesBack()
    {
        var receiver = await CreateReceiverAsync(_server);
        var token = await ReceiverTokenAsync(_server, receiver);
        await CreateStreamAsync(_server, token, new { method = "urn:ietf:rfc:8935", endpoint_url = _receiver.EndpointUrl });
        await _receiver.StopAsync();

        var api = await _server.CreateAgentAsync(new { name = "api-bot", scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.com" } });
        Assert.Equal(HttpStatusCode.OK, await AdminPostAsync(_server, $"admin/agents/{api.ClientId}/suspend"));
        // Several attempts fail while the port is closed (backoff 200-400 ms, ten attempts allowed).
        await Task.Delay(TimeSpan.FromMilliseconds(900));
        Assert.Empty(_receiver.Received);

        await _receiver.StartAgainAsync();
        var (set, _, _) = await _receiver.WaitForAsync(t => SetReader.EventType(t) == AccountDisabled);
        await SetReader.VerifyAsync(_server, set, receiver.ClientId);
    }
}

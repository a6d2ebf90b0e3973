// RFC 8936 poll delivery and the stream lifecycle over real HTTP (Kestrel on 127.0.0.1, SQLite).
using System.Net;
using Mandate.Testing;
using static Mandate.Server.IntegrationTests.SharedSignals.SharedSignalsFixture;

namespace Mandate.Server.IntegrationTests.SharedSignals;

public sealed class SharedSignalsPollTests : IAsyncLifetime
{
    private const string AccountDisabled = "https://schemas.openid.net/secevent/risc/event-type/account-disabled";
    private const string CredentialChange = "https://schemas.openid.net/secevent/caep/event-type/credential-change";

    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await StartServerAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(string Token, string StreamId, string PollPath)> PollStreamAsync(string[]? events = null)
    {
        var receiver = await CreateReceiverAsync(_server);
        var token = await ReceiverTokenAsync(_server, receiver);
        var stream = await CreateStreamAsync(_server, token, new { method = "urn:ietf:rfc:8936" }, events);
        var pollUrl = stream.GetProperty("delivery").GetProperty("endpoint_url").GetString()!;
        Assert.StartsWith(_server.Issuer + "/ssf/poll/", pollUrl, StringComparison.Ordinal);
        return (token, stream.GetProperty("stream_id").GetString()!, pollUrl[(_server.Issuer.Length + 1)..]);
    }

    private async Task<Dictionary<string, string>> PollAsync(string token, string path, object body)
    {
        var (status, json, response) = await SendAsync(_server, HttpMethod.Post, path, token, body);
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, status);
        return json.GetProperty("sets").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    [Fact(DisplayName = "RFC 8936 §2.4-§2.5: a poll returns the queued SETs by jti; acknowledged SETs are not returned again")]
    public async Task Poll_ReturnsSets_AckRemovesThem()
    {
        var (token, _, path) = await PollStreamAsync();
        var api = await _server.CreateAgentAsync(new { name = "api-bot", scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.com" } });
        Assert.Equal(HttpStatusCode.OK, await AdminPostAsync(_server, $"admin/agents/{api.ClientId}/rotate-secret"));

        var sets = await PollAsync(token, path, new { returnImmediately = true });
        var (jti, set) = Assert.Single(sets);
        Assert.Equal(CredentialChange, SetReader.EventType(set));
        var payload = await SetReader.VerifyAsync(_server, set, SetReader.Payload(set).GetProperty("aud").GetString()!);
        Assert.Equal(jti, payload.GetProperty("jti").GetString());
        Assert.Equal("client_secret", payload.GetProperty("events").GetProperty(CredentialChange).GetProperty("credential_type").GetString());

        // Not acknowledged: returned again. Acknowledged: gone.
        Assert.Equal([jti], (await PollAsync(token, path, new { returnImmediately = true })).Keys);
        Assert.Empty(await PollAsync(token, path, new { returnImmediately = true, ack = new[] { jti } }));
    }

    [Fact(DisplayName = "SSF 1.0 §8.1.1: a stream delivers only the requested events it supports (events_delivered)")]
    public async Task Poll_OnlyRequestedEvents()
    {
        var (token, _, path) = await PollStreamAsync([AccountDisabled]);
        var api = await _server.CreateAgentAsync(new { name = "api-bot", scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.com" } });
        Assert.Equal(HttpStatusCode.OK, await AdminPostAsync(_server, $"admin/agents/{api.ClientId}/suspend"));

        var sets = await PollAsync(token, path, new { returnImmediately = true });

        Assert.Equal([AccountDisabled], sets.Values.Select(SetReader.EventType));
    }

    [Fact(DisplayName = "SSF 1.0 §8.1.2: a paused stream holds events; enabled again, it delivers them after a stream-updated event")]
    public async Task PausedStream_HoldsEvents()
    {
        var (token, streamId, path) = await PollStreamAsync();
        var (status, body, response) = await SendAsync(_server, HttpMethod.Post, "ssf/status", token, new { stream_id = streamId, status = "paused", reason = "maintenance" });
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("paused", body.GetProperty("status").GetString());

        var api = await _server.CreateAgentAsync(new { name = "api-bot", scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.com" } });
        Assert.Equal(HttpStatusCode.OK, await AdminPostAsync(_server, $"admin/agents/{api.ClientId}/suspend"));
        Assert.Empty(await PollAsync(token, path, new { returnImmediately = true }));

        (status, _, response) = await SendAsync(_server, HttpMethod.Post, "ssf/status", token, new { stream_id = streamId, status = "enabled" });
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, status);
        var types = (await PollAsync(token, path, new { returnImmediately = true })).Values.Select(SetReader.EventType).ToList();
        Assert.Contains(AccountDisabled, types);
        Assert.Contains("https://schemas.openid.net/secevent/ssf/event-type/stream-updated", types);
    }

    [Fact(DisplayName = "Queued SETs are in the store: they survive a restart of the server")]
    public async Task QueuedEvents_SurviveRestart()
    {
        var (token, _, path) = await PollStreamAsync();
        var api = await _server.CreateAgentAsync(new { name = "api-bot", scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.com" } });
        Assert.Equal(HttpStatusCode.OK, await AdminPostAsync(_server, $"admin/agents/{api.ClientId}/decommission"));

        _server = await _server.RestartAsync();

        var types = (await PollAsync(token, path, new { returnImmediately = true })).Values.Select(SetReader.EventType).ToList();
        Assert.Contains("https://schemas.openid.net/secevent/risc/event-type/account-purged", types);
        Assert.Contains("https://schemas.openid.net/secevent/caep/event-type/session-revoked", types);
    }

    [Fact(DisplayName = "SSF 1.0 §8.1.1: read, update, replace and delete a stream")]
    public async Task Stream_Lifecycle()
    {
        var (token, streamId, _) = await PollStreamAsync();

        var (status, body, response) = await SendAsync(_server, HttpMethod.Patch, "ssf/streams", token, new { stream_id = streamId, description = "audit feed" });
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("audit feed", body.GetProperty("description").GetString());
        Assert.Equal("urn:ietf:rfc:8936", body.GetProperty("delivery").GetProperty("method").GetString());

        (status, body, response) = await SendAsync(_server, HttpMethod.Put, "ssf/streams", token, new { stream_id = streamId, delivery = new { method = "urn:ietf:rfc:8936" }, events_requested = new[] { AccountDisabled } });
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.TryGetProperty("description", out _));
        Assert.Equal([AccountDisabled], body.GetProperty("events_delivered").EnumerateArray().Select(e => e.GetString()));

        (status, body, response) = await SendAsync(_server, HttpMethod.Get, "ssf/streams", token);
        response.Dispose();
        Assert.Equal(streamId, Assert.Single(body.EnumerateArray()).GetProperty("stream_id").GetString());

        (status, _, response) = await SendAsync(_server, HttpMethod.Delete, "ssf/streams?stream_id=" + streamId, token);
        response.Dispose();
        Assert.Equal(HttpStatusCode.NoContent, status);
        (status, _, response) = await SendAsync(_server, HttpMethod.Get, "ssf/streams?stream_id=" + streamId, token);
        response.Dispose();
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}

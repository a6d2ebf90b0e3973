// The SSRF guard at delivery: a push endpoint whose name resolves to a non-public address (here localhost, as a name
// rebound after registration would) is never connected to, only retried as an unreachable receiver.
using System.Net;
using Mandate.Server.SharedSignals;
using Mandate.Storage;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Mandate.Server.IntegrationTests.SharedSignals.SharedSignalsFixture;

namespace Mandate.Server.IntegrationTests.SharedSignals;

public sealed class SharedSignalsPushGuardTests : IAsyncLifetime
{
    private MandateTestServer _server = null!;
    private PushReceiverHost _receiver = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServices = services => services.AddMandateSharedSignals(o =>
            {
                o.AllowHttpPushEndpointsForDevelopment = true;
                o.DeliveryInterval = TimeSpan.FromMilliseconds(100);
                o.PushInitialBackoff = TimeSpan.FromMilliseconds(100);
                o.PushMaxBackoff = TimeSpan.FromMilliseconds(200);
                o.PushTimeout = TimeSpan.FromSeconds(2);
            }),
        });
        _receiver = await PushReceiverHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact(DisplayName = "RFC 9700 §4.17 (SSRF): a push endpoint is refused at registration on loopback (MND3600)")]
    public async Task LoopbackEndpoint_RefusedAtRegistration()
    {
        var token = await ReceiverTokenAsync(_server, await CreateReceiverAsync(_server));

        var (status, body, response) = await SendAsync(_server, HttpMethod.Post, "ssf/streams", token, new { delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = _receiver.EndpointUrl } });
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.StartsWith("MND3600:", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "RFC 9700 §4.17 (SSRF): a stored endpoint whose name resolves to loopback is not connected to at delivery")]
    public async Task NameResolvingToLoopback_NotPushedTo()
    {
        var receiver = await CreateReceiverAsync(_server);
        var token = await ReceiverTokenAsync(_server, receiver);
        var streamId = (await CreateStreamAsync(_server, token, new { method = "urn:ietf:rfc:8935", endpoint_url = "https://receiver.example.com/events" }))
            .GetProperty("stream_id").GetString()!;
        // As if receiver.example.com had been rebound to 127.0.0.1 after registration: the stored endpoint names localhost.
        var store = _server.Services.GetRequiredService<ISecurityEventStore>();
        var stream = (await store.GetStreamAsync(streamId, default))!;
        var rebound = _receiver.EndpointUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        Assert.True(await store.UpdateStreamAsync(stream with { Configuration = stream.Configuration.Replace("https://receiver.example.com/events", rebound, StringComparison.Ordinal) }, default));

        var (verifyStatus, _, verify) = await SendAsync(_server, HttpMethod.Post, "ssf/verify", token, new { stream_id = streamId, state = "s" });
        verify.Dispose();
        Assert.Equal(HttpStatusCode.NoContent, verifyStatus);

        // Wait until several attempts have failed (bounded), then check that none reached the receiver.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await store.ListPendingAsync(streamId, DateTimeOffset.MinValue, 10, default)).FirstOrDefault()?.Attempts < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(Assert.Single(await store.ListPendingAsync(streamId, DateTimeOffset.MinValue, 10, default)).Attempts >= 3);
        Assert.Empty(_receiver.Received);
    }
}

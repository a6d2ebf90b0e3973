using System.Net;
using System.Net.Sockets;
using Mandate.Server.ClientIdMetadata;

namespace Mandate.Server.Tests.SharedSignals;

/// <summary>The connect-time guard shared by client metadata fetches and Shared Signals pushes: a name is judged on the
/// addresses it resolves to when the connection is made, so a name that resolves to loopback is refused.</summary>
public sealed class PushConnectGuardTests
{
    private static HttpClient Client(bool allowLoopback) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectCallback = (context, cancellationToken) => OutboundAddressPolicy.ConnectAsync(context, allowLoopback, cancellationToken),
    })
    { Timeout = TimeSpan.FromSeconds(5) };

    [Fact(DisplayName = "RFC 9700 §4.17 (SSRF): a host name resolving to loopback is refused at connect time, before any byte is sent")]
    public async Task NameResolvingToLoopback_RefusedAtConnect()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = Client(allowLoopback: false);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"http://localhost:{port}/events", new StringContent("x")));

        Assert.Contains("not a public address", refused.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "no connection reached the listener");
    }

    [Fact(DisplayName = "With loopback allowed (tests and labs), the same name connects")]
    public async Task NameResolvingToLoopback_ConnectsWhenAllowed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = Client(allowLoopback: true);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var send = client.PostAsync($"http://127.0.0.1:{port}/events", new StringContent("x"), cancel.Token);
        using var accepted = await listener.AcceptTcpClientAsync(cancel.Token);

        Assert.True(accepted.Connected);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => send);
    }
}

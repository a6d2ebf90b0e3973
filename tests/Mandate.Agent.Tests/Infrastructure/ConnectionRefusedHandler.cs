using System.Net;
using System.Net.Sockets;

namespace Mandate.Agent.Tests.Infrastructure;

/// <summary>Switches the token endpoint off for <see cref="ConnectionRefusedHandler"/>.</summary>
public sealed class NetworkSwitch
{
    public bool Down { get; set; }
}

/// <summary>While the switch is down, sends requests to a loopback port nobody listens on, so the real
/// socket handler gets "connection refused".</summary>
public sealed class ConnectionRefusedHandler(NetworkSwitch network) : DelegatingHandler
{
    private readonly int closedPort = FindClosedPort();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (network.Down && request.RequestUri is { } uri)
        {
            request.RequestUri = new UriBuilder(uri) { Port = closedPort }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static int FindClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using System.Net;
using System.Net.Sockets;

namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>Finds loopback ports for servers that must know their URL before they start.</summary>
public static class FreePort
{
    /// <summary>A port that was free a moment ago on 127.0.0.1.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

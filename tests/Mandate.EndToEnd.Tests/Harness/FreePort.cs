using System.Net;
using System.Net.Sockets;

namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>Free loopback TCP ports for the processes under test.</summary>
internal static class FreePort
{
    /// <summary>
    /// Binds 127.0.0.1:0, reads the port the OS chose and releases it. Another process could take it
    /// before ours binds; on a test machine that window is small enough.
    /// </summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary><c>http://127.0.0.1:{port}</c> on a fresh free port.</summary>
    public static string NextLoopbackUrl() => $"http://127.0.0.1:{Next()}";
}

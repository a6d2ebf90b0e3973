using System.Net;
using System.Net.Sockets;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>
/// A loopback TCP proxy in front of PostgreSQL that can freeze the connections it carries: after
/// <see cref="FreezeExisting"/> it stops moving their bytes in both directions but keeps both sockets open, so the
/// client sees what a dead host or a black-holing network looks like (no reset, no close, no answer). Connections
/// accepted after the freeze are forwarded normally, as a reconnect to a healthy path would be.
/// </summary>
public sealed class FreezingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(TcpClient Client, TcpClient Server, CancellationTokenSource Pumps)> _links = [];
    private readonly Task _accepting;

    /// <summary>Starts listening on a free loopback port and forwarding to <paramref name="target"/>.</summary>
    public FreezingTcpProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync(_stopping.Token);
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections were accepted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>Stops forwarding on every connection accepted so far, leaving their sockets open.</summary>
    public void FreezeExisting()
    {
        lock (_links)
        {
            foreach (var link in _links)
            {
                link.Pumps.Cancel();
            }
        }
    }

    /// <summary>Stops accepting and closes every socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_links)
        {
            foreach (var (client, server, pumps) in _links)
            {
                pumps.Cancel();
                client.Dispose();
                server.Dispose();
                pumps.Dispose();
            }
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(stopping);
            var server = new TcpClient();
            await server.ConnectAsync(_target, stopping);
            var pumps = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            lock (_links)
            {
                _links.Add((client, server, pumps));
                Accepted++;
            }

            _ = PumpAsync(client.GetStream(), server.GetStream(), pumps.Token);
            _ = PumpAsync(server.GetStream(), client.GetStream(), pumps.Token);
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken frozen)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, frozen);
                if (read == 0)
                {
                    to.Socket.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), frozen);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Frozen (the sockets stay open) or closed by either side.
        }
    }
}

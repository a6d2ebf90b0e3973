using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Mandate.Cli.Serve;

/// <summary>
/// The listening sockets of <c>mandate serve</c>, bound before anything is written to the data folder, so a
/// port that is taken ends the command with nothing created. Kestrel takes them over through
/// <see cref="SocketTransportOptions.CreateBoundListenSocket"/> (<see cref="Take"/>).
/// </summary>
internal sealed class ListenSockets : IDisposable
{
    private readonly List<(EndPoint Requested, Socket Socket)> _bound = [];

    private ListenSockets()
    {
    }

    /// <summary>
    /// Binds and listens on the addresses Kestrel would use for <paramref name="url"/>: the IP address it names;
    /// for <c>localhost</c> the IPv4 and (when available) IPv6 loopback; for any other host name every address.
    /// </summary>
    /// <exception cref="CliException">The address is in use or cannot be bound (exit code 1).</exception>
    public static ListenSockets Bind(Uri url)
    {
        var sockets = new ListenSockets();
        try
        {
            string host = url.Host.Trim('[', ']');
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                sockets.Add(url, new IPEndPoint(IPAddress.Loopback, url.Port), optional: false);
                sockets.Add(url, new IPEndPoint(IPAddress.IPv6Loopback, url.Port), optional: true);
            }
            else if (IPAddress.TryParse(host, out IPAddress? address))
            {
                sockets.Add(url, new IPEndPoint(address, url.Port), optional: false);
            }
            else if (!sockets.Add(url, new IPEndPoint(IPAddress.IPv6Any, url.Port), optional: true))
            {
                // Kestrel falls back to IPv4 when the machine has no IPv6.
                sockets.Add(url, new IPEndPoint(IPAddress.Any, url.Port), optional: false);
            }

            return sockets;
        }
        catch
        {
            sockets.Dispose();
            throw;
        }
    }

    /// <summary>Hands Kestrel the socket bound for <paramref name="endpoint"/>, or binds a new one for an address not bound here.</summary>
    public Socket Take(EndPoint endpoint)
    {
        int index = _bound.FindIndex(b => b.Requested.Equals(endpoint));
        if (index < 0)
        {
            return SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        }

        Socket socket = _bound[index].Socket;
        _bound.RemoveAt(index);
        return socket;
    }

    /// <summary>Closes the sockets Kestrel has not taken.</summary>
    public void Dispose()
    {
        foreach ((_, Socket socket) in _bound)
        {
            socket.Dispose();
        }

        _bound.Clear();
    }

    private bool Add(Uri url, IPEndPoint endpoint, bool optional)
    {
        Socket? socket = null;
        try
        {
            socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            // Listening (not only bound) holds the address: connections wait in the backlog until Kestrel accepts.
            socket.Listen();
            _bound.Add((endpoint, socket));
            return true;
        }
        catch (SocketException exception) when (optional && exception.SocketErrorCode != SocketError.AddressAlreadyInUse)
        {
            socket?.Dispose();
            return false;
        }
        catch (SocketException exception)
        {
            socket?.Dispose();
            string reason = exception.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? "the address is already in use"
                : exception.Message;
            throw new CliException(ExitCodes.Failure, $"MND0710: cannot listen on {url.GetLeftPart(UriPartial.Authority)}: {reason}; nothing was written to the data folder.");
        }
    }
}

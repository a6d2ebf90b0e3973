// Server-side request forgery guard for requests made on a client's behalf (client metadata document fetches,
// draft-ietf-oauth-client-id-metadata-document §6; Shared Signals pushes to a receiver's endpoint): only public unicast
// addresses may be reached. Checked on the addresses actually connected to (ConnectAsync, a
// SocketsHttpHandler.ConnectCallback), so DNS rebinding between check and use is not possible; IsAllowedHost checks a
// URL's host early, when it is an address or a localhost name, for a clear answer when the URL is registered.
// Refused: unspecified, loopback (unless allowed for tests), RFC 1918 private, carrier-grade NAT (RFC 6598),
// link-local (incl. 169.254.169.254 cloud metadata), IETF protocol assignments, benchmarking, documentation,
// multicast and reserved IPv4 ranges; IPv6 unique-local, link-local, site-local, multicast, documentation and
// discard ranges; IPv4-mapped and NAT64 addresses are judged by the IPv4 address they carry.
using System.Net;
using System.Net.Sockets;

namespace Mandate.Server.ClientIdMetadata;

internal static class OutboundAddressPolicy
{
    /// <summary>True when a fetch may connect to <paramref name="address"/>.</summary>
    public static bool IsAllowed(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    /// <summary>False when <paramref name="uri"/>'s host is an address <see cref="IsAllowed"/> refuses or a localhost
    /// name (loopback unless allowed). Other names are judged at connect time, on the addresses they resolve to.</summary>
    public static bool IsAllowedHost(Uri uri, bool allowLoopback)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return IPAddress.TryParse(uri.IdnHost, out var address) && IsAllowed(address, allowLoopback);
        }

        var host = uri.IdnHost.TrimEnd('.');
        return allowLoopback
            || !(host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host and connects only when every
    /// address it resolves to is allowed (a name that also resolves to an internal address is refused outright).</summary>
    /// <exception cref="HttpRequestException">An address is refused, or the host has none.</exception>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowLoopback, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        foreach (var address in addresses)
        {
            if (!IsAllowed(address, allowLoopback))
            {
                throw new HttpRequestException("address " + address + " of " + host + " is not a public address");
            }
        }

        if (addresses.Length == 0)
        {
            throw new HttpRequestException(host + " has no address");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0                                          // 0.0.0.0/8 "this network"
        || b[0] == 10                                      // 10.0.0.0/8 private
        || (b[0] == 100 && (b[1] & 0xC0) == 64)            // 100.64.0.0/10 carrier-grade NAT
        || (b[0] == 169 && b[1] == 254)                    // 169.254.0.0/16 link-local, cloud metadata
        || (b[0] == 172 && (b[1] & 0xF0) == 16)            // 172.16.0.0/12 private
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)         // 192.0.0.0/24 IETF protocol assignments
        || (b[0] == 192 && b[1] == 0 && b[2] == 2)         // 192.0.2.0/24 documentation
        || (b[0] == 192 && b[1] == 168)                    // 192.168.0.0/16 private
        || (b[0] == 198 && (b[1] & 0xFE) == 18)            // 198.18.0.0/15 benchmarking
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)      // 198.51.100.0/24 documentation
        || (b[0] == 203 && b[1] == 0 && b[2] == 113)       // 203.0.113.0/24 documentation
        || b[0] >= 224);                                   // multicast, reserved, broadcast

    private static bool IsPublicV6(IPAddress address)
    {
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.Equals(IPAddress.IPv6None))
        {
            return false;
        }

        var b = address.GetAddressBytes();
        if ((b[0] & 0xFE) == 0xFC)
        {
            return false; // fc00::/7 unique local
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
        {
            return false; // 2001:db8::/32 documentation
        }

        if (b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0)
        {
            return false; // 100::/64 discard
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsPublicV4(b[12..]); // 64:ff9b::/96 NAT64 carries an IPv4 address
        }

        // Anything else below 2000::/3 (the global unicast block) is reserved, including :: and IPv4-compatible forms.
        return (b[0] & 0xE0) == 0x20;
    }
}

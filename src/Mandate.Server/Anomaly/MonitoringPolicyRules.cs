using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Mandate.Server.Anomaly;

/// <summary>Checks and helpers shared by the admin endpoint (validation) and the rules (evaluation).</summary>
internal static class MonitoringPolicyRules
{
    /// <summary>True when <paramref name="hour"/> (0–23) is in [start, end); a start above the end wraps past midnight.</summary>
    public static bool IsWithinHours(int hour, int start, int end) =>
        start < end ? hour >= start && hour < end : hour >= start || hour < end;

    /// <summary>Finds an IANA zone; null means UTC.</summary>
    public static bool TryFindZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        if (id is null)
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone);
    }

    /// <summary>Parses a CIDR block such as <c>10.0.0.0/8</c>; host bits must be zero.</summary>
    public static bool TryParseCidr(string value, out IPNetwork network)
    {
        // IPNetwork.TryParse masks host bits silently; an allow-list typo like 10.0.0.1/8 is refused instead.
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return IPNetwork.TryParse(value, out network) && slash > 0
            && IPAddress.TryParse(value.AsSpan(0, slash), out var written) && written.Equals(network.BaseAddress);
    }

    /// <summary>The address as the rules see it: IPv4-mapped IPv6 becomes IPv4. Null when unparsable.</summary>
    public static IPAddress? ParseAddress(string? text)
    {
        if (text is null || !IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    /// <summary>The network of <paramref name="address"/>: its first <paramref name="prefixLength"/> bits, e.g. <c>203.0.113.0/24</c>.</summary>
    public static IPNetwork NetworkOf(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPNetwork(new IPAddress(bytes), prefixLength);
    }
}

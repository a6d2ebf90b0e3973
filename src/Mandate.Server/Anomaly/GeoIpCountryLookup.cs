// Optional offline country lookup in a MaxMind DB file (GeoLite2/GeoIP2 Country or City), read with the
// MaxMind.Db reader. Without a configured file every lookup returns null.
using System.Net;
using MaxMind.Db;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

internal sealed class GeoIpCountryLookup : IDisposable
{
    private readonly Reader? _reader;

    public GeoIpCountryLookup(IOptions<AnomalyOptions> options)
    {
        if (options.Value.Network.GeoIpDatabasePath is { } path)
        {
            // Memory mode: the file is read once; later replacement on disk needs a restart.
            _reader = new Reader(path, FileAccessMode.Memory);
        }
    }

    /// <summary>The ISO 3166-1 alpha-2 country of <paramref name="address"/> (<c>country</c>, else <c>registered_country</c>), or null.</summary>
    public string? Find(IPAddress address)
    {
        if (_reader is null)
        {
            return null;
        }

        try
        {
            var data = _reader.Find<Dictionary<string, object>>(address);
            return IsoCode(data, "country") ?? IsoCode(data, "registered_country");
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidDatabaseException)
        {
            // An IPv6 address in an IPv4-only database, or a damaged file: no country rather than no alert.
            return null;
        }
    }

    private static string? IsoCode(Dictionary<string, object>? data, string key) =>
        data is not null && data.TryGetValue(key, out var value) && value is Dictionary<string, object> country
            && country.TryGetValue("iso_code", out var code) ? code as string : null;

    public void Dispose() => _reader?.Dispose();
}

// A minimal writer of the MaxMind DB format (https://maxmind.github.io/MaxMind-DB/, "MaxMind DB File Format
// Specification" v2.0), enough to build a tiny IPv4 country database that the real MaxMind.Db reader opens:
// a binary search tree of 24-bit records, the 16-byte data-section separator, a data section of
// {"country":{"iso_code":"XX"}} maps, and the metadata map after the "\xAB\xCD\xEFMaxMind.com" marker.
using System.Net;
using System.Text;

namespace Mandate.Server.Tests.Anomaly;

internal sealed class MmdbTestWriter
{
    private readonly List<(byte[] Prefix, int Length, string Country)> _networks = [];

    /// <summary>Maps an IPv4 CIDR block (e.g. <c>203.0.113.0/24</c>) to a country code.</summary>
    public MmdbTestWriter Add(string cidr, string isoCode)
    {
        var network = IPNetwork.Parse(cidr);
        _networks.Add((network.BaseAddress.GetAddressBytes(), network.PrefixLength, isoCode));
        return this;
    }

    public byte[] Build()
    {
        // Data section: one map per country, remembering offsets.
        var data = new MemoryStream();
        var offsets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, _, country) in _networks)
        {
            if (!offsets.ContainsKey(country))
            {
                offsets[country] = (int)data.Length;
                WriteMap(data, [("country", w => WriteMap(w, [("iso_code", x => WriteString(x, country))]))]);
            }
        }

        // Search tree (a trie over address bits); node 0 is the root. -1 = empty, -2-k = data offset k.
        var nodes = new List<int[]> { new[] { -1, -1 } };
        foreach (var (prefix, length, country) in _networks)
        {
            var node = 0;
            for (var bit = 0; bit < length; bit++)
            {
                var side = (prefix[bit / 8] >> (7 - (bit % 8))) & 1;
                if (bit == length - 1)
                {
                    nodes[node][side] = -2 - offsets[country];
                }
                else
                {
                    if (nodes[node][side] < 0)
                    {
                        nodes.Add([-1, -1]);
                        nodes[node][side] = nodes.Count - 1;
                    }

                    node = nodes[node][side];
                }
            }
        }

        var nodeCount = nodes.Count;
        var output = new MemoryStream();
        foreach (var node in nodes)
        {
            foreach (var record in node)
            {
                // Spec: a value equal to node_count means "no data"; above it, data at (value - node_count - 16).
                var value = record >= 0 ? record : record == -1 ? nodeCount : nodeCount + 16 + (-2 - record);
                output.WriteByte((byte)(value >> 16));
                output.WriteByte((byte)(value >> 8));
                output.WriteByte((byte)value);
            }
        }

        output.Write(new byte[16]);
        data.Position = 0;
        data.CopyTo(output);
        output.Write([0xAB, 0xCD, 0xEF]);
        output.Write(Encoding.ASCII.GetBytes("MaxMind.com"));
        WriteMap(output,
        [
            ("binary_format_major_version", w => WriteUInt(w, 5, 2)),
            ("binary_format_minor_version", w => WriteUInt(w, 5, 0)),
            ("build_epoch", w => WriteUInt(w, 9, 1_700_000_000)),
            ("database_type", w => WriteString(w, "Mandate-Test-Country")),
            ("description", w => WriteMap(w, [("en", x => WriteString(x, "Mandate test database"))])),
            ("ip_version", w => WriteUInt(w, 5, 4)),
            ("languages", w => WriteArray(w, [x => WriteString(x, "en")])),
            ("node_count", w => WriteUInt(w, 6, (ulong)nodeCount)),
            ("record_size", w => WriteUInt(w, 5, 24)),
        ]);
        return output.ToArray();
    }

    // Control byte: type in the top 3 bits (0 = extended: real type - 7 in the next byte), size in the low 5 (< 29 here).
    private static void WriteControl(Stream output, int type, int size)
    {
        if (size >= 29)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "The test writer only writes short values.");
        }

        if (type <= 7)
        {
            output.WriteByte((byte)((type << 5) | size));
        }
        else
        {
            output.WriteByte((byte)size);
            output.WriteByte((byte)(type - 7));
        }
    }

    private static void WriteString(Stream output, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteControl(output, 2, bytes.Length);
        output.Write(bytes);
    }

    // type 5 = uint16, 6 = uint32, 9 = uint64; big-endian, minimal length.
    private static void WriteUInt(Stream output, int type, ulong value)
    {
        var bytes = new List<byte>();
        for (var v = value; v != 0; v >>= 8)
        {
            bytes.Insert(0, (byte)v);
        }

        WriteControl(output, type, bytes.Count);
        output.Write(bytes.ToArray());
    }

    private static void WriteMap(Stream output, (string Key, Action<Stream> Value)[] entries)
    {
        WriteControl(output, 7, entries.Length);
        foreach (var (key, value) in entries)
        {
            WriteString(output, key);
            value(output);
        }
    }

    private static void WriteArray(Stream output, Action<Stream>[] items)
    {
        WriteControl(output, 11, items.Length);
        foreach (var item in items)
        {
            item(output);
        }
    }
}

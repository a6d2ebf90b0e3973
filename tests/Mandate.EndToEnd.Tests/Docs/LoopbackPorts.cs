using System.Text.RegularExpressions;
using Mandate.EndToEnd.Tests.Harness;

namespace Mandate.EndToEnd.Tests.Docs;

/// <summary>
/// The documents name fixed loopback ports (<c>http://127.0.0.1:5080</c> for the server, 5081 for the sample
/// API); the test machine runs many servers at once, so each port a document uses is replaced, in the text
/// that runs, by a free one. Every occurrence of the same documented port maps to the same free port within
/// one document, so the steps still talk to each other exactly as written.
/// </summary>
internal sealed partial class LoopbackPorts
{
    private readonly Dictionary<int, int> _map = [];

    /// <summary>The documented port → the port used in this run.</summary>
    public IReadOnlyDictionary<int, int> Map => _map;

    /// <summary>Replaces each <c>127.0.0.1:PORT</c> and <c>localhost:PORT</c> in <paramref name="text"/>.</summary>
    public string Apply(string text) =>
        LoopbackAddress().Replace(text, m =>
        {
            int documented = int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (!_map.TryGetValue(documented, out int actual))
            {
                actual = FreePort.Next();
                _map[documented] = actual;
            }

            return $"{m.Groups["host"].Value}:{actual}";
        });

    /// <summary>The loopback URLs (<c>http://127.0.0.1:PORT</c>) that <paramref name="text"/> names, distinct, in order.</summary>
    public static IReadOnlyList<string> UrlsIn(string text) =>
        LoopbackUrl().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToArray();

    [GeneratedRegex(@"(?<host>127\.0\.0\.1|localhost):(?<port>[0-9]{4,5})\b")]
    private static partial Regex LoopbackAddress();

    [GeneratedRegex(@"https?://(127\.0\.0\.1|localhost):[0-9]{2,5}")]
    private static partial Regex LoopbackUrl();
}

// Reads the auth-params of a WWW-Authenticate: Bearer challenge (RFC 6750 §3; RFC 9728 §5.1 resource_metadata).
// Values may be tokens or quoted-strings (RFC 9110 §11.2, §5.6.4) with backslash escapes; other schemes in the same
// header are skipped. Parameter names are case-insensitive.
namespace Mandate.Agent.ProtectedResources;

internal static class BearerChallengeParser
{
    /// <summary>The parameters of the first Bearer challenge among <paramref name="headerValues"/>, or null when none.</summary>
    public static Dictionary<string, string>? Parse(IEnumerable<string> headerValues)
    {
        foreach (var header in headerValues)
        {
            var index = header.IndexOf("Bearer", StringComparison.OrdinalIgnoreCase);
            while (index >= 0)
            {
                var atStart = index == 0 || header[index - 1] is ' ' or ',';
                var end = index + 6;
                if (atStart && (end == header.Length || header[end] == ' '))
                {
                    return ReadParameters(header, end);
                }

                index = header.IndexOf("Bearer", end, StringComparison.OrdinalIgnoreCase);
            }
        }

        return null;
    }

    private static Dictionary<string, string> ReadParameters(string header, int position)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (position < header.Length)
        {
            while (position < header.Length && header[position] is ' ' or ',')
            {
                position++;
            }

            var equals = header.IndexOf('=', position);
            if (equals < 0)
            {
                break;
            }

            var name = header[position..equals].Trim();
            if (name.Contains(' ', StringComparison.Ordinal))
            {
                break; // the next challenge's scheme: this one has ended
            }

            position = equals + 1;
            string value;
            if (position < header.Length && header[position] == '"')
            {
                var builder = new System.Text.StringBuilder();
                position++;
                while (position < header.Length && header[position] != '"')
                {
                    if (header[position] == '\\' && position + 1 < header.Length)
                    {
                        position++;
                    }

                    builder.Append(header[position++]);
                }

                position++;
                value = builder.ToString();
            }
            else
            {
                var comma = header.IndexOf(',', position);
                var stop = comma < 0 ? header.Length : comma;
                value = header[position..stop].Trim();
                position = stop;
            }

            parameters.TryAdd(name, value);
        }

        return parameters;
    }
}

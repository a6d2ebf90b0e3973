using System.Text.Json;

namespace Mandate.Protocol;

/// <summary>
/// Unicode validity of parsed JSON. <see cref="JsonDocument"/> accepts an escaped lone surrogate (<c>"\ud800"</c>:
/// valid JSON grammar, not valid Unicode text, RFC 8259 §8.2) and throws <see cref="InvalidOperationException"/>
/// only when that string is read. Checking once, right after parsing, turns such input into a plain "malformed"
/// answer instead of an exception wherever the value is read later.
/// </summary>
public static class JsonUnicode
{
    /// <summary>True when every member name and string value in <paramref name="element"/> is valid Unicode.</summary>
    public static bool HasOnlyValidStrings(JsonElement element)
    {
        try
        {
            return Check(element);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool Check(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!Check(item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    _ = member.Name;                         // the name is unescaped (and checked) on first read
                    if (!Check(member.Value))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}

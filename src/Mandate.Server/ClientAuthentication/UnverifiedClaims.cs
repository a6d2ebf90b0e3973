using System.Text.Json;

namespace Mandate.Server.ClientAuthentication;

/// <summary>
/// Reads the <c>sub</c> of a compact JWS without verifying it - used only to find which keys to verify
/// with. Nothing read here is trusted; the full validation follows.
/// </summary>
internal static class UnverifiedClaims
{
    private const int MaxLength = 8 * 1024;

    public static bool TryReadSubject(string compact, out string subject) => TryReadString(compact, "sub", out subject);

    /// <summary>Reads one top-level string claim (e.g. <c>iss</c>) without verifying anything.</summary>
    public static bool TryReadString(string compact, string name, out string value)
    {
        var subject = "";
        value = "";
        if (compact.Length > MaxLength)
        {
            return false;
        }

        var first = compact.IndexOf('.');
        var second = first < 0 ? -1 : compact.IndexOf('.', first + 1);
        // RFC 7519 §7.2 step 10: the payload must be UTF-8 JSON; the reader would only notice at GetString.
        if (second < 0 || !Mandate.Jose.Base64Url.TryDecode(compact.AsSpan(first + 1, second - first - 1), out var payload)
            || !System.Text.Unicode.Utf8.IsValid(payload))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSubject = reader.ValueTextEquals(name);
                if (!reader.Read())
                {
                    return false;
                }

                if (isSubject)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    subject = reader.GetString()!;
                    value = subject;
                    return subject.Length > 0;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;                                    // an escaped lone surrogate ("\ud800")
        }

        return false;
    }
}

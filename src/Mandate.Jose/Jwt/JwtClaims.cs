// RFC 7519 §4.1 (registered claims and their types), §2 (NumericDate: seconds since the epoch, may be
// fractional), RFC 8693 §4.3 (client_id), RFC 6749 §3.3 / RFC 9068 §2.2.3 (scope as a space-delimited string).
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Mandate.Jose.Jwt;

/// <summary>A parsed JWT claims set. Duplicate members were rejected before this object exists.</summary>
public sealed class JwtClaims
{
    private JwtClaims(JsonElement root)
    {
        Root = root;
    }

    /// <summary>The payload object exactly as issued (detached from any pooled buffer).</summary>
    public JsonElement Root { get; }

    /// <summary>The <c>iss</c> claim; <see langword="null"/> when absent.</summary>
    public string? Issuer { get; private set; }

    /// <summary>The <c>sub</c> claim; <see langword="null"/> when absent.</summary>
    public string? Subject { get; private set; }

    /// <summary>The <c>jti</c> claim; <see langword="null"/> when absent.</summary>
    public string? JwtId { get; private set; }

    /// <summary>The <c>client_id</c> claim; <see langword="null"/> when absent.</summary>
    public string? ClientId { get; private set; }

    /// <summary>The <c>scope</c> claim (space-delimited); <see langword="null"/> when absent.</summary>
    public string? Scope { get; private set; }

    /// <summary>The <c>aud</c> claim as a list (a single string becomes one element); empty when absent.</summary>
    public IReadOnlyList<string> Audiences { get; private set; } = [];

    /// <summary>The <c>exp</c> claim; <see langword="null"/> when absent.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>The <c>nbf</c> claim; <see langword="null"/> when absent.</summary>
    public DateTimeOffset? NotBefore { get; private set; }

    /// <summary>The <c>iat</c> claim; <see langword="null"/> when absent.</summary>
    public DateTimeOffset? IssuedAt { get; private set; }

    /// <summary>Gets any claim by its exact name.</summary>
    /// <param name="name">The claim name.</param>
    /// <param name="value">The value; <see langword="default"/> when absent.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetClaim(string name, out JsonElement value) => Root.TryGetProperty(name, out value);

    /// <summary>
    /// Parses a JWT claims set. Does not check signatures or time; use <see cref="JwtValidator"/> for tokens.
    /// </summary>
    /// <param name="utf8Json">The decoded payload.</param>
    /// <param name="claims">The claims; <see langword="null"/> on failure.</param>
    /// <param name="error">
    /// <see cref="JoseErrorCode.InvalidJson"/> (not JSON or not an object), <see cref="JoseErrorCode.DuplicateJsonMember"/>,
    /// or <see cref="JoseErrorCode.InvalidClaim"/> when a registered claim has the wrong type
    /// (<c>iss sub jti client_id scope</c> not strings, <c>aud</c> not a string or array of strings,
    /// <c>exp nbf iat</c> not numbers in range).
    /// </param>
    /// <returns><see langword="true"/> when parsed.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out JwtClaims? claims, out JoseErrorCode error)
    {
        claims = null;
        error = StrictJson.CheckObject(utf8Json);
        if (error != JoseErrorCode.None)
        {
            return false;
        }

        var reader = new Utf8JsonReader(utf8Json, StrictJson.ReaderOptions);
        var result = new JwtClaims(JsonElement.ParseValue(ref reader));
        foreach (JsonProperty claim in result.Root.EnumerateObject())
        {
            if (!result.TryRead(claim))
            {
                error = JoseErrorCode.InvalidClaim;
                return false;
            }
        }

        claims = result;
        return true;
    }

    private bool TryRead(JsonProperty claim)
    {
        JsonElement value = claim.Value;
        if (claim.NameEquals("iss"u8))
        {
            return TryString(value, out string? s) && (Issuer = s) is not null;
        }

        if (claim.NameEquals("sub"u8))
        {
            return TryString(value, out string? s) && (Subject = s) is not null;
        }

        if (claim.NameEquals("aud"u8))
        {
            return TryAudiences(value);
        }

        if (claim.NameEquals("exp"u8))
        {
            return TryNumericDate(value, out DateTimeOffset d) && (ExpiresAt = d) is not null;
        }

        if (claim.NameEquals("nbf"u8))
        {
            return TryNumericDate(value, out DateTimeOffset d) && (NotBefore = d) is not null;
        }

        if (claim.NameEquals("iat"u8))
        {
            return TryNumericDate(value, out DateTimeOffset d) && (IssuedAt = d) is not null;
        }

        if (claim.NameEquals("jti"u8))
        {
            return TryString(value, out string? s) && (JwtId = s) is not null;
        }

        if (claim.NameEquals("client_id"u8))
        {
            return TryString(value, out string? s) && (ClientId = s) is not null;
        }

        if (claim.NameEquals("scope"u8))
        {
            return TryString(value, out string? s) && (Scope = s) is not null;
        }

        return true;
    }

    // RFC 7519 §4.1.3: aud is a single case-sensitive string or an array of them.
    private bool TryAudiences(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            Audiences = [value.GetString()!];
            return true;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var list = new string[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            list[i++] = item.GetString()!;
        }

        Audiences = list;
        return true;
    }

    private static bool TryString(JsonElement value, out string? text)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return text is not null;
    }

    // RFC 7519 §2: NumericDate is a JSON number of seconds since 1970-01-01T00:00:00Z, possibly fractional.
    private static bool TryNumericDate(JsonElement value, out DateTimeOffset date)
    {
        date = default;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        const long MinSeconds = -62_135_596_800, MaxSeconds = 253_402_300_799;
        if (value.TryGetInt64(out long seconds))
        {
            if (seconds is < MinSeconds or > MaxSeconds)
            {
                return false;
            }

            date = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        double fractional = value.GetDouble();
        if (!double.IsFinite(fractional) || fractional < MinSeconds || fractional > MaxSeconds)
        {
            return false;
        }

        date = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(fractional * 1000));
        return true;
    }
}

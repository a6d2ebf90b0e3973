// RFC 7519 §4.1 (registered claims and their types), §2 (NumericDate: seconds since the epoch, may be
// fractional), RFC 8693 §4.3 (client_id), RFC 6749 §3.3 / RFC 9068 §2.2.3 (scope as a space-delimited string).
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Mandate.Jose.Jwt;

/// <summary>A parsed JWT claims set. Duplicate members were rejected before this object exists.</summary>
public sealed class JwtClaims
{
    private readonly byte[] _utf8;
    private StrongBox<JsonElement>? _root;

    private JwtClaims(byte[] utf8)
    {
        _utf8 = utf8;
    }

    /// <summary>The payload object exactly as issued. Parsed on first use, so validation alone never pays for it.</summary>
    public JsonElement Root
    {
        get
        {
            // ParseValue copies into an unpooled document. The box makes publication atomic; a race may
            // parse twice, never incorrectly.
            if (_root is null)
            {
                var reader = new Utf8JsonReader(_utf8, StrictJson.ReaderOptions);
                _root = new StrongBox<JsonElement>(JsonElement.ParseValue(ref reader));
            }

            return _root.Value;
        }
    }

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

        var result = new JwtClaims(utf8Json.ToArray());
        var reader = new Utf8JsonReader(utf8Json, StrictJson.ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!result.TryReadMember(ref reader))
            {
                error = JoseErrorCode.InvalidClaim;
                return false;
            }
        }

        claims = result;
        return true;
    }

    // One pass over the top-level members; registered claims are type-checked, everything else is skipped.
    private bool TryReadMember(ref Utf8JsonReader reader)
    {
        string? escapedName = reader.ValueIsEscaped ? reader.GetString() : null;
        ReadOnlySpan<byte> name = escapedName is null ? reader.ValueSpan : Encoding.UTF8.GetBytes(escapedName);
        reader.Read();
        if (name.SequenceEqual("iss"u8))
        {
            Issuer = ReadString(ref reader);
            return Issuer is not null;
        }

        if (name.SequenceEqual("sub"u8))
        {
            Subject = ReadString(ref reader);
            return Subject is not null;
        }

        if (name.SequenceEqual("aud"u8))
        {
            return TryReadAudiences(ref reader);
        }

        if (name.SequenceEqual("exp"u8))
        {
            ExpiresAt = ReadNumericDate(ref reader);
            return ExpiresAt is not null;
        }

        if (name.SequenceEqual("nbf"u8))
        {
            NotBefore = ReadNumericDate(ref reader);
            return NotBefore is not null;
        }

        if (name.SequenceEqual("iat"u8))
        {
            IssuedAt = ReadNumericDate(ref reader);
            return IssuedAt is not null;
        }

        if (name.SequenceEqual("jti"u8))
        {
            JwtId = ReadString(ref reader);
            return JwtId is not null;
        }

        if (name.SequenceEqual("client_id"u8))
        {
            ClientId = ReadString(ref reader);
            return ClientId is not null;
        }

        if (name.SequenceEqual("scope"u8))
        {
            Scope = ReadString(ref reader);
            return Scope is not null;
        }

        reader.Skip();
        return true;
    }

    // RFC 7519 §4.1.3: aud is a single case-sensitive string or an array of them.
    private bool TryReadAudiences(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            Audiences = [reader.GetString()!];
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<string>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            list.Add(reader.GetString()!);
        }

        Audiences = list;
        return true;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    // RFC 7519 §2: NumericDate is a JSON number of seconds since 1970-01-01T00:00:00Z, possibly fractional.
    private static DateTimeOffset? ReadNumericDate(ref Utf8JsonReader reader)
    {
        const long MinSeconds = -62_135_596_800, MaxSeconds = 253_402_300_799;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return null;
        }

        if (reader.TryGetInt64(out long seconds))
        {
            return seconds is < MinSeconds or > MaxSeconds ? null : DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        double fractional = reader.GetDouble();
        return !double.IsFinite(fractional) || fractional < MinSeconds || fractional > MaxSeconds
            ? null
            : DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(fractional * 1000));
    }
}

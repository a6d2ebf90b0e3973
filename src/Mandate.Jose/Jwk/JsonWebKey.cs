// RFC 7517 §4 (JWK members), RFC 7518 §6.2 (EC keys) and §6.3 (RSA keys), RFC 7638 §3 (thumbprint).
// Only the members Mandate uses are kept; unknown members are ignored on input and never written.
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;

namespace Mandate.Jose.Jwk;

/// <summary>
/// An immutable JSON Web Key. Member names follow RFC 7517/7518 exactly; binary members are strict
/// base64url strings. Create one with <c>TryParse</c>, <see cref="FromECDsa"/> or <see cref="FromRsa"/>.
/// </summary>
public sealed class JsonWebKey
{
    internal JsonWebKey()
    {
    }

    /// <summary>Key type (<c>kty</c>): <c>"EC"</c>, <c>"RSA"</c>, or any other value read from a JWK.</summary>
    public string Kty { get; internal init; } = "";

    /// <summary>Key ID (<c>kid</c>); <see langword="null"/> when absent.</summary>
    public string? Kid { get; internal init; }

    /// <summary>Intended algorithm (<c>alg</c>); <see langword="null"/> when absent.</summary>
    public string? Alg { get; internal init; }

    /// <summary>Public key use (<c>use</c>), for example <c>"sig"</c>; <see langword="null"/> when absent.</summary>
    public string? Use { get; internal init; }

    /// <summary>EC curve (<c>crv</c>), for example <c>"P-256"</c>.</summary>
    public string? Crv { get; internal init; }

    /// <summary>EC x coordinate (base64url, fixed field width).</summary>
    public string? X { get; internal init; }

    /// <summary>EC y coordinate (base64url, fixed field width).</summary>
    public string? Y { get; internal init; }

    /// <summary>RSA modulus (base64url, no leading zero octets).</summary>
    public string? N { get; internal init; }

    /// <summary>RSA public exponent (base64url).</summary>
    public string? E { get; internal init; }

    /// <summary>Private value: EC private scalar or RSA private exponent (base64url). Secret.</summary>
    public string? D { get; internal init; }

    /// <summary>RSA first prime factor (base64url). Secret.</summary>
    public string? P { get; internal init; }

    /// <summary>RSA second prime factor (base64url). Secret.</summary>
    public string? Q { get; internal init; }

    /// <summary>RSA first factor CRT exponent (base64url). Secret.</summary>
    public string? DP { get; internal init; }

    /// <summary>RSA second factor CRT exponent (base64url). Secret.</summary>
    public string? DQ { get; internal init; }

    /// <summary>RSA first CRT coefficient (base64url). Secret.</summary>
    public string? QI { get; internal init; }

    /// <summary>True when any private member (<c>d</c>, <c>p</c>, <c>q</c>, <c>dp</c>, <c>dq</c>, <c>qi</c>) is present.</summary>
    public bool HasPrivateKey => D is not null || P is not null || Q is not null || DP is not null || DQ is not null || QI is not null;

    /// <summary>Parses one JWK from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON object.</param>
    /// <param name="key">The key; <see langword="null"/> on failure.</param>
    /// <param name="error">
    /// <see cref="JoseErrorCode.InvalidJson"/> or <see cref="JoseErrorCode.DuplicateJsonMember"/> for bad JSON;
    /// <see cref="JoseErrorCode.InvalidKey"/> when <c>kty</c> is missing, a known member is not a string,
    /// a binary member is not strict base64url, or required EC/RSA members are missing.
    /// </param>
    /// <returns><see langword="true"/> when the key was read.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out JsonWebKey? key, out JoseErrorCode error)
    {
        key = null;
        error = StrictJson.CheckObject(utf8Json);
        if (error != JoseErrorCode.None)
        {
            return false;
        }

        var reader = new Utf8JsonReader(utf8Json, StrictJson.ReaderOptions);
        JsonElement root = JsonElement.ParseValue(ref reader);
        return JsonWebKeyReader.TryRead(root, out key, out error);
    }

    /// <summary>Parses one JWK from a JSON string.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="key">The key; <see langword="null"/> on failure.</param>
    /// <param name="error">As for the UTF-8 overload.</param>
    /// <returns><see langword="true"/> when the key was read.</returns>
    public static bool TryParse(string json, [NotNullWhen(true)] out JsonWebKey? key, out JoseErrorCode error)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TryParse(System.Text.Encoding.UTF8.GetBytes(json), out key, out error);
    }

    /// <summary>Creates a JWK (<c>kty</c> EC) from an ECDSA key on P-256 or P-384.</summary>
    /// <param name="key">The key.</param>
    /// <param name="includePrivate">Whether to include <c>d</c>; the key must then be exportable.</param>
    /// <param name="kid">Optional key ID.</param>
    /// <param name="alg">Optional algorithm name.</param>
    /// <returns>The JWK.</returns>
    /// <exception cref="ArgumentException">The curve is not P-256 or P-384.</exception>
    /// <exception cref="CryptographicException">The private key cannot be exported.</exception>
    public static JsonWebKey FromECDsa(ECDsa key, bool includePrivate, string? kid = null, string? alg = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return JsonWebKeyConverter.FromECParameters(key.ExportParameters(includePrivate), kid, alg, use: null);
    }

    /// <summary>Creates a JWK (<c>kty</c> RSA) from an RSA key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="includePrivate">Whether to include the private members; the key must then be exportable.</param>
    /// <param name="kid">Optional key ID.</param>
    /// <param name="alg">Optional algorithm name.</param>
    /// <returns>The JWK.</returns>
    /// <exception cref="CryptographicException">The private key cannot be exported.</exception>
    public static JsonWebKey FromRsa(RSA key, bool includePrivate, string? kid = null, string? alg = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return JsonWebKeyConverter.FromRsaParameters(key.ExportParameters(includePrivate), kid, alg, use: null);
    }

    /// <summary>Returns a copy without any private member.</summary>
    /// <returns>The public key; <see langword="this"/> when there is nothing to drop.</returns>
    public JsonWebKey ToPublic() => HasPrivateKey ? Copy() : this;

    /// <summary>Returns a copy with <c>kid</c> replaced.</summary>
    /// <param name="kid">The new key ID.</param>
    /// <returns>The new key.</returns>
    public JsonWebKey WithKeyId(string kid)
    {
        ArgumentNullException.ThrowIfNull(kid);
        return Copy(keepPrivate: true, kid: kid);
    }

    /// <summary>Returns a copy with <c>alg</c> replaced.</summary>
    /// <param name="alg">The new algorithm name.</param>
    /// <returns>The new key.</returns>
    public JsonWebKey WithAlgorithm(string alg)
    {
        ArgumentNullException.ThrowIfNull(alg);
        return Copy(keepPrivate: true, alg: alg);
    }

    /// <summary>Returns a copy with <c>use</c> replaced.</summary>
    /// <param name="use">The new use, usually <c>"sig"</c>.</param>
    /// <returns>The new key.</returns>
    public JsonWebKey WithUse(string use)
    {
        ArgumentNullException.ThrowIfNull(use);
        return Copy(keepPrivate: true, use: use);
    }

    /// <summary>Computes the RFC 7638 §3 thumbprint: SHA-256 over the required members in lexicographic order, base64url.</summary>
    /// <returns>The 43-character thumbprint.</returns>
    /// <exception cref="InvalidOperationException">A required member is missing or <c>kty</c> is not EC, RSA or OKP.</exception>
    public string ComputeThumbprint() => JwkThumbprint.Compute(this);

    /// <summary>Writes the key as a JSON object (only members that are present).</summary>
    /// <param name="writer">The destination writer.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("kty"u8, Kty);
        WriteOptional(writer, "kid"u8, Kid);
        WriteOptional(writer, "use"u8, Use);
        WriteOptional(writer, "alg"u8, Alg);
        WriteOptional(writer, "crv"u8, Crv);
        WriteOptional(writer, "x"u8, X);
        WriteOptional(writer, "y"u8, Y);
        WriteOptional(writer, "n"u8, N);
        WriteOptional(writer, "e"u8, E);
        WriteOptional(writer, "d"u8, D);
        WriteOptional(writer, "p"u8, P);
        WriteOptional(writer, "q"u8, Q);
        WriteOptional(writer, "dp"u8, DP);
        WriteOptional(writer, "dq"u8, DQ);
        WriteOptional(writer, "qi"u8, QI);
        writer.WriteEndObject();
    }

    /// <summary>Serializes the key as compact JSON (including private members when present).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, StrictJson.WriterOptions))
        {
            WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Returns <c>kty</c> and <c>kid</c> only, never key material.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"JsonWebKey(kty={Kty}, kid={Kid})";

    private JsonWebKey Copy(bool keepPrivate = false, string? kid = null, string? alg = null, string? use = null) => new()
    {
        Kty = Kty,
        Kid = kid ?? Kid,
        Alg = alg ?? Alg,
        Use = use ?? Use,
        Crv = Crv,
        X = X,
        Y = Y,
        N = N,
        E = E,
        D = keepPrivate ? D : null,
        P = keepPrivate ? P : null,
        Q = keepPrivate ? Q : null,
        DP = keepPrivate ? DP : null,
        DQ = keepPrivate ? DQ : null,
        QI = keepPrivate ? QI : null,
    };

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

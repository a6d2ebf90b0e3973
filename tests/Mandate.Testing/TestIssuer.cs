using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mandate.Jose;

namespace Mandate.Testing;

/// <summary>
/// An external token issuer for tests (an OpenID provider, SPIRE, a Kubernetes API server, GitHub Actions): its own
/// ES256 or RS256 key, and tokens with any header and claims, including malformed ones for negative tests.
/// </summary>
public sealed class TestIssuer : IDisposable
{
    private readonly ECDsa? _ec;
    private readonly RSA? _rsa;

    /// <summary>Creates an issuer with a fresh key.</summary>
    /// <param name="issuer">The <c>iss</c> value.</param>
    /// <param name="algorithm"><c>ES256</c> or <c>RS256</c>.</param>
    /// <param name="keyId">The <c>kid</c>.</param>
    public TestIssuer(string issuer, string algorithm = "ES256", string? keyId = null)
    {
        Issuer = issuer;
        Algorithm = algorithm;
        KeyId = keyId ?? "k-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        if (algorithm == "ES256")
        {
            _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        }
        else if (algorithm == "RS256")
        {
            _rsa = RSA.Create(2048);
        }
        else
        {
            throw new ArgumentException("ES256 or RS256", nameof(algorithm));
        }
    }

    /// <summary>The <c>iss</c> value.</summary>
    public string Issuer { get; }

    /// <summary><c>ES256</c> or <c>RS256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The key's <c>kid</c>.</summary>
    public string KeyId { get; }

    /// <summary>The public JWK (with kid, alg and use).</summary>
    public Dictionary<string, object> PublicJwk
    {
        get
        {
            if (_ec is not null)
            {
                var p = _ec.ExportParameters(false);
                return new() { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.Encode(p.Q.X!), ["y"] = Base64Url.Encode(p.Q.Y!), ["kid"] = KeyId, ["alg"] = "ES256", ["use"] = "sig" };
            }

            var r = _rsa!.ExportParameters(false);
            return new() { ["kty"] = "RSA", ["n"] = Base64Url.Encode(r.Modulus!), ["e"] = Base64Url.Encode(r.Exponent!), ["kid"] = KeyId, ["alg"] = "RS256", ["use"] = "sig" };
        }
    }

    /// <summary>The public JWK Set JSON.</summary>
    public string Jwks => JsonSerializer.Serialize(new Dictionary<string, object> { ["keys"] = new[] { PublicJwk } });

    /// <summary>Claims every test token starts with: iss, sub, aud, iat, exp (now + <paramref name="lifetime"/>), jti.</summary>
    public Dictionary<string, object?> Claims(string subject, string audience, DateTimeOffset now, TimeSpan lifetime) => new()
    {
        ["iss"] = Issuer,
        ["sub"] = subject,
        ["aud"] = audience,
        ["iat"] = now.ToUnixTimeSeconds(),
        ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
        ["jti"] = Guid.NewGuid().ToString("N"),
    };

    /// <summary>Signs <paramref name="claims"/> with the header <c>{alg, kid, typ}</c> plus <paramref name="extraHeader"/>.</summary>
    /// <param name="claims">The payload.</param>
    /// <param name="typ">The header typ; omitted when null.</param>
    /// <param name="alg">Overrides the header alg (the signature is still made with this issuer's key).</param>
    /// <param name="kid">Overrides the header kid.</param>
    /// <param name="extraHeader">More header members (e.g. an injected jwk).</param>
    public string CreateToken(IReadOnlyDictionary<string, object?> claims, string? typ = "JWT", string? alg = null, string? kid = null, IReadOnlyDictionary<string, object>? extraHeader = null)
    {
        var header = new Dictionary<string, object> { ["alg"] = alg ?? Algorithm, ["kid"] = kid ?? KeyId };
        if (typ is not null)
        {
            header["typ"] = typ;
        }

        foreach (var (name, value) in extraHeader ?? new Dictionary<string, object>())
        {
            header[name] = value;
        }

        var input = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(claims));
        var data = Encoding.ASCII.GetBytes(input);
        var signature = _ec is not null
            ? _ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.Encode(signature);
    }

    /// <summary>An unsigned token (<c>alg: none</c>, empty signature).</summary>
    public static string CreateUnsecured(IReadOnlyDictionary<string, object?> claims) =>
        Base64Url.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8) + "." + Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(claims)) + ".";

    /// <inheritdoc />
    public void Dispose()
    {
        _ec?.Dispose();
        _rsa?.Dispose();
    }
}

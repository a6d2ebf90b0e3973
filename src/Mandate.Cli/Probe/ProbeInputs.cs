using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mandate.Jose;
using Mandate.Jose.Jwk;

namespace Mandate.Cli.Probe;

/// <summary>What the cases are built from: a real token, its parts, the keys and the clock.</summary>
internal sealed class ProbeInputs
{
    /// <summary>Creates the inputs.</summary>
    public ProbeInputs(string realToken, JsonObject realHeader, JsonObject realClaims, DateTimeOffset now,
        ProbeKey attacker, ProbeKey? trusted, JsonWebKey? issuerPublicKey, string attackerJwksUrl)
    {
        RealToken = realToken;
        RealHeader = realHeader;
        RealClaims = realClaims;
        Now = now;
        Attacker = attacker;
        Trusted = trusted;
        IssuerPublicKey = issuerPublicKey;
        AttackerJwksUrl = attackerJwksUrl;
    }

    /// <summary>A valid token for the API, from the issuer.</summary>
    public string RealToken { get; }

    /// <summary>The real token's header.</summary>
    public JsonObject RealHeader { get; }

    /// <summary>The real token's claims.</summary>
    public JsonObject RealClaims { get; }

    /// <summary>The time forged claims are computed from.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>A key nobody trusts.</summary>
    public ProbeKey Attacker { get; }

    /// <summary>A key the API trusts (<c>--signing-key</c>), or null.</summary>
    public ProbeKey? Trusted { get; }

    /// <summary>The issuer's public key that signed the real token, or null when it was not found in the JWKS.</summary>
    public JsonWebKey? IssuerPublicKey { get; }

    /// <summary>URL of a JWKS holding <see cref="Attacker"/>'s public key, served by the probe itself.</summary>
    public string AttackerJwksUrl { get; }

    /// <summary>The key for claim-forging cases: the trusted key when given, else the attacker key.</summary>
    public ProbeKey ClaimsKey => Trusted ?? Attacker;

    /// <summary>The real token split into its three parts.</summary>
    public string[] RealParts => RealToken.Split('.');

    /// <summary>A copy of the real claims with a fresh jti and iat/exp around <see cref="Now"/>.</summary>
    public JsonObject FreshClaims()
    {
        var claims = (JsonObject)RealClaims.DeepClone();
        claims["jti"] = Base64Url.Encode(RandomNumberGenerator.GetBytes(16));
        claims["iat"] = Now.ToUnixTimeSeconds();
        claims["exp"] = Now.AddMinutes(5).ToUnixTimeSeconds();
        claims.Remove("nbf");
        return claims;
    }

    /// <summary>A header <c>{"alg","kid","typ"}</c> for <paramref name="key"/>.</summary>
    public static JsonObject HeaderFor(ProbeKey key, string? typ = "at+jwt", string? kid = null)
    {
        var header = new JsonObject { ["alg"] = key.Algorithm, ["kid"] = kid ?? key.KeyId };
        if (typ is not null)
        {
            header["typ"] = typ;
        }

        return header;
    }

    /// <summary>Signs <paramref name="claims"/> with <see cref="ClaimsKey"/> and a normal header.</summary>
    public ProbeRequest SignClaims(JsonObject claims, string? typ = "at+jwt") =>
        new(ProbeToken.Sign(HeaderFor(ClaimsKey, typ), claims, ClaimsKey));

    /// <summary>The real header with <c>alg</c> replaced.</summary>
    public JsonObject RealHeaderWithAlg(string alg)
    {
        var header = (JsonObject)RealHeader.DeepClone();
        header["alg"] = alg;
        return header;
    }
}

using System.Text;
using Mandate.Jose.Jws;

namespace Mandate.Jose.Tests.Dpop;

/// <summary>Signs arbitrary proof headers and payloads, to build the proofs a verifier must refuse.</summary>
internal static class ProofForge
{
    public static string Sign(SigningKey key, string headerJson, string payloadJson)
    {
        string input = Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payloadJson));
        byte[] signature = new byte[key.SignatureSize];
        int written = key.Sign(Encoding.ASCII.GetBytes(input), signature);
        return input + "." + Base64Url.Encode(signature.AsSpan(0, written));
    }

    public static string PublicJwk(SigningKey key) => key.PublicJwk.Kty == "EC"
        ? $$"""{"kty":"EC","crv":"{{key.PublicJwk.Crv}}","x":"{{key.PublicJwk.X}}","y":"{{key.PublicJwk.Y}}"}"""
        : $$"""{"kty":"RSA","n":"{{key.PublicJwk.N}}","e":"{{key.PublicJwk.E}}"}""";

    public static string Header(SigningKey key, string typ = "dpop+jwt", string? alg = null, string? jwk = null)
        => $$"""{"typ":"{{typ}}","alg":"{{alg ?? key.Algorithm.Name}}","jwk":{{jwk ?? PublicJwk(key)}}}""";

    public static string Payload(long iat, string htm = "POST", string htu = "https://as.example/token", string jti = "j1", string? extra = null)
        => $$"""{"jti":"{{jti}}","htm":"{{htm}}","htu":"{{htu}}","iat":{{iat}}{{extra}}}""";
}

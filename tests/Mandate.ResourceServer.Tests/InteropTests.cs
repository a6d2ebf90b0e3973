// Tokens minted by another stack (Microsoft.IdentityModel JsonWebTokenHandler) with the issuer's key: the handler
// must accept a conforming RFC 9068 token and still apply its own typ rule to a non-conforming one.
using System.Security.Cryptography;
using Mandate.Jose;
using Mandate.ResourceServer.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mandate.ResourceServer.Tests;

public sealed class InteropTests : ResourceServerTestBase
{
    [Fact(DisplayName = "Interop: an at+jwt token minted by JsonWebTokenHandler is accepted")]
    public async Task IdentityModelToken_Accepted() => await AssertAcceptedAsync(Mint("at+jwt"));

    [Fact(DisplayName = "Interop: a JsonWebTokenHandler token with typ JWT is rejected (RFC 9068 §4)")]
    public async Task IdentityModelJwt_Rejected() => await AssertRejectedAsync(Mint("JWT"), JoseErrorCode.InvalidType);

    private string Mint(string typ)
    {
        var jwk = Key.ExportPrivateJwk();
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Decode(jwk.D!),
            Q = new ECPoint { X = Decode(jwk.X!), Y = Decode(jwk.Y!) },
        });
        var claims = Claims();
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = typ,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = Key.KeyId }, SecurityAlgorithms.EcdsaSha256),
            Claims = claims.ToDictionary(p => p.Key, p => (object)(p.Value!.GetValueKind() == System.Text.Json.JsonValueKind.Number ? p.Value.GetValue<long>() : p.Value.GetValue<string>())),
        });
    }

    private static byte[] Decode(string value) => Base64Url.TryDecode(value, out var bytes) ? bytes : throw new FormatException();
}

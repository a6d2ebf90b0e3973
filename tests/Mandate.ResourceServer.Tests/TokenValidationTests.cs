// RFC 9068 §4 and RFC 8725: one test per validation rule, each over real HTTP. The wire always shows the same
// invalid_token challenge; the asserted JoseErrorCode proves which check rejected the token.
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mandate.Jose;
using Mandate.Jose.Algorithms;
using Mandate.ResourceServer.Tests.Infrastructure;

namespace Mandate.ResourceServer.Tests;

public sealed class TokenValidationTests : ResourceServerTestBase
{
    [Fact(DisplayName = "RFC 9068 §4: a well-formed at+jwt access token is accepted")]
    public async Task ValidToken_Accepted() => await AssertAcceptedAsync(ValidToken());

    [Fact(DisplayName = "RFC 9068 §4: typ application/at+jwt is accepted")]
    public async Task MediaTypeTyp_Accepted() => await AssertAcceptedAsync(TestTokens.Sign(Key, Claims(), "application/at+jwt"));

    [Theory(DisplayName = "RFC 9068 §4: typ other than at+jwt is rejected")]
    [InlineData("JWT")]
    [InlineData("jwt")]
    [InlineData("at+jwt2")]
    [InlineData("application/jwt")]
    public async Task WrongTyp_Rejected(string typ) => await AssertRejectedAsync(TestTokens.Sign(Key, Claims(), typ), JoseErrorCode.InvalidType);

    [Fact(DisplayName = "RFC 9068 §4: a token without typ is rejected")]
    public async Task MissingTyp_Rejected() => await AssertRejectedAsync(TestTokens.Sign(Key, Claims(), typ: null), JoseErrorCode.InvalidType);

    [Theory(DisplayName = "RFC 7515 §5.2 step 4: a header that is not UTF-8 Unicode is a 401 invalid_token, not a 500")]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0' })]
    public async Task NonUnicodeHeader_Rejected(byte[] text)
    {
        byte[] header = [.. "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\""u8, .. text, .. "\"}"u8];
        // The header is read before any key is chosen, so the signature is never reached.
        string token = Base64Url.Encode(header) + "." + Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(Claims().ToJsonString())) + "." + Base64Url.Encode(new byte[64]);

        await AssertRejectedAsync(token, JoseErrorCode.InvalidJson);
    }

    [Fact(DisplayName = "RFC 8725 §3.1: alg none is rejected")]
    public async Task AlgNone_Rejected()
    {
        var token = TestTokens.Compose(new JsonObject { ["alg"] = "none", ["kid"] = Key.KeyId, ["typ"] = "at+jwt" }, Claims(), _ => []);
        await AssertRejectedAsync(token, JoseErrorCode.UnsupportedAlgorithm);
    }

    [Fact(DisplayName = "RFC 8725 §3.1: HS256 signed with the issuer's public key is rejected")]
    public async Task Hs256WithPublicKey_Rejected()
    {
        var publicKeyBytes = System.Text.Encoding.UTF8.GetBytes(Key.PublicJwk.ToJson());
        var token = TestTokens.Compose(new JsonObject { ["alg"] = "HS256", ["kid"] = Key.KeyId, ["typ"] = "at+jwt" }, Claims(),
            input => HMACSHA256.HashData(publicKeyBytes, input));
        await AssertRejectedAsync(token, JoseErrorCode.UnsupportedAlgorithm);
        Assert.Equal(1, Issuer.JwksFetches); // rejected on the header: no refetch was attempted
    }

    [Fact(DisplayName = "RFC 8725 §3.1: an alg other than the key's alg is rejected")]
    public async Task AlgMismatch_Rejected()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var token = TestTokens.Compose(new JsonObject { ["alg"] = "ES384", ["kid"] = Key.KeyId, ["typ"] = "at+jwt" }, Claims(),
            input => p384.SignData(input, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        await AssertRejectedAsync(token, JoseErrorCode.AlgorithmMismatch);
    }

    [Fact(DisplayName = "RFC 7515 §5.2: a token with a tampered payload fails the signature check")]
    public async Task TamperedPayload_Rejected()
    {
        var parts = ValidToken().Split('.');
        var forged = TestTokens.Sign(Key, Claims("tools:admin")).Split('.')[1];
        await AssertRejectedAsync($"{parts[0]}.{forged}.{parts[2]}", JoseErrorCode.InvalidSignature);
    }

    [Fact(DisplayName = "RFC 8725 §3: the signature is checked before any claim")]
    public async Task SignatureBeforeClaims()
    {
        var expired = Claims();
        expired["exp"] = Now.AddHours(-1).ToUnixTimeSeconds();
        expired["iss"] = "https://wrong.example.test";
        var parts = ValidToken().Split('.');
        var forgedPayload = TestTokens.Sign(Key, expired).Split('.')[1];
        await AssertRejectedAsync($"{parts[0]}.{forgedPayload}.{parts[2]}", JoseErrorCode.InvalidSignature);
    }

    [Fact(DisplayName = "RFC 8725 §3.10: jwk and jku headers naming the attacker's key are never used")]
    public async Task EmbeddedJwk_Ignored()
    {
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = TestTokens.ParseJson(Mandate.Jose.Jwk.JsonWebKey.FromECDsa(attacker, includePrivate: false, kid: "attacker").ToJson());
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = "attacker", ["typ"] = "at+jwt", ["jwk"] = jwk, ["jku"] = "https://attacker.example/jwks" };
        var token = TestTokens.Compose(header, Claims(),
            input => attacker.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        await AssertRejectedAsync(token, JoseErrorCode.UnknownKeyId);
    }

    [Fact(DisplayName = "RFC 9068 §4: an algorithm outside AllowedAlgorithms is rejected even with a published key")]
    public async Task AlgorithmNotAllowed_Rejected()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o =>
        {
            o.AllowedAlgorithms.Clear();
            o.AllowedAlgorithms.Add("PS256");
        });
        using var response = await api.GetAsync("/api/tools", ValidToken());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(JoseErrorCode.UnsupportedAlgorithm, Assert.Single(api.Failures));
    }

    [Fact(DisplayName = "RFC 9068 §4: iss other than the configured issuer is rejected")]
    public async Task WrongIssuer_Rejected()
    {
        var claims = Claims();
        claims["iss"] = Issuer.Issuer + "/";
        await AssertRejectedAsync(TestTokens.Sign(Key, claims), JoseErrorCode.InvalidIssuer);
    }

    [Fact(DisplayName = "RFC 9068 §4: aud not containing this resource is rejected")]
    public async Task WrongAudience_Rejected()
    {
        var claims = Claims();
        claims["aud"] = "https://other.example.test";
        await AssertRejectedAsync(TestTokens.Sign(Key, claims), JoseErrorCode.InvalidAudience);
    }

    [Fact(DisplayName = "RFC 9068 §4: an aud array containing this resource is accepted")]
    public async Task AudienceArray_Accepted()
    {
        var claims = Claims();
        claims["aud"] = new JsonArray("https://other.example.test", TestTokens.Audience);
        await AssertAcceptedAsync(TestTokens.Sign(Key, claims));
    }

    [Fact(DisplayName = "RFC 9068 §4: a token larger than MaxTokenLength is rejected before parsing")]
    public async Task OversizedToken_Rejected()
    {
        var claims = Claims();
        claims["padding"] = new string('x', 8 * 1024);
        await AssertRejectedAsync(TestTokens.Sign(Key, claims), JoseErrorCode.TokenTooLarge);
    }

    [Theory(DisplayName = "RFC 9068 §2.2: a token missing a required claim is rejected")]
    [InlineData("iss")]
    [InlineData("sub")]
    [InlineData("aud")]
    [InlineData("exp")]
    [InlineData("iat")]
    [InlineData("jti")]
    [InlineData("client_id")]
    public async Task MissingRequiredClaim_Rejected(string claim)
    {
        var claims = Claims();
        claims.Remove(claim);
        await AssertRejectedAsync(TestTokens.Sign(Key, claims), JoseErrorCode.MissingClaim);
    }

    [Fact(DisplayName = "RFC 6749 §3.3: a scope claim that is not a scope string is rejected")]
    public async Task MalformedScope_Rejected()
    {
        var claims = Claims();
        claims["scope"] = new JsonArray("tools:read");
        await AssertRejectedAsync(TestTokens.Sign(Key, claims), JoseErrorCode.InvalidClaim);
    }
}

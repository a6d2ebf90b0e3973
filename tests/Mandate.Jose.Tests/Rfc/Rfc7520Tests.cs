using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Jose.Tests.Support;

namespace Mandate.Jose.Tests.Rfc;

/// <summary>RFC 7520 (JOSE cookbook) §4.1: RSA v1.5 signature.</summary>
public sealed class Rfc7520Tests
{
    [Fact(DisplayName = "RFC 7520 §4.1: JwsWriter reproduces the RS256 compact serialization exactly")]
    public void Section41_Rs256_CompactMatches()
    {
        using SigningKey key = SigningKey.FromJwk(TestTokens.Jwk(RfcVectors.Rfc7520RsaJwk), SignatureAlgorithm.RS256);
        Assert.Equal("bilbo.baggins@hobbiton.example", key.KeyId);

        // The header JwsWriter builds is {"alg":"RS256","kid":"bilbo.baggins@hobbiton.example"}, byte for byte the RFC's.
        string token = JwsWriter.CreateCompact(key, typ: null, Encoding.UTF8.GetBytes(RfcVectors.Rfc7520Payload));

        Assert.Equal(RfcVectors.Rfc7520Section41Token, token);
    }

    [Fact(DisplayName = "RFC 7520 §4.1: the published JWS verifies with the public key")]
    public void Section41_PublishedSignatureVerifies()
    {
        Assert.True(VerificationKey.TryCreate(TestTokens.Jwk(RfcVectors.Rfc7520RsaJwk), out VerificationKey? key, out _, SignatureAlgorithm.RS256));
        string token = RfcVectors.Rfc7520Section41Token;
        int lastDot = token.LastIndexOf('.');
        Assert.True(Base64Url.TryDecode(token.AsSpan((lastDot + 1)..), out byte[] signature));

        Assert.True(key.Verify(Encoding.ASCII.GetBytes(token[..lastDot]), signature));
        Assert.Equal(JoseErrorCode.None, JwsReader.TryReadHeader(token, 8192, out JwsHeader header));
        Assert.Equal("bilbo.baggins@hobbiton.example", header.Kid);
    }
}

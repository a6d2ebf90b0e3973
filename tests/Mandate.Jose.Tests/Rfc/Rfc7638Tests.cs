using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Tests.Support;

namespace Mandate.Jose.Tests.Rfc;

/// <summary>RFC 7638 JWK thumbprints.</summary>
public sealed class Rfc7638Tests
{
    [Fact(DisplayName = "RFC 7638 §3.1: thumbprint of the example RSA key")]
    public void Section31_RsaThumbprint()
        => Assert.Equal(RfcVectors.Rfc7638Thumbprint, TestTokens.Jwk(RfcVectors.Rfc7638Jwk).ComputeThumbprint());

    [Fact(DisplayName = "RFC 7638 §3.2: optional members (kid, alg, use) and private members do not change the thumbprint")]
    public void Section32_OnlyRequiredMembersCount()
    {
        JsonWebKey key = TestTokens.Jwk(RfcVectors.Rfc7638Jwk);
        Assert.Equal(RfcVectors.Rfc7638Thumbprint, key.WithKeyId("other").WithAlgorithm("PS256").WithUse("sig").ComputeThumbprint());

        JsonWebKey ec = TestTokens.Jwk(RfcVectors.A3Jwk);
        Assert.Equal(ec.ToPublic().ComputeThumbprint(), ec.ComputeThumbprint());
    }

    [Fact(DisplayName = "RFC 7638 §3: generated signing keys are named by their thumbprint")]
    public void GeneratedKeyId_IsThumbprint()
    {
        using SigningKey key = SigningKey.Generate(SignatureAlgorithm.ES256);
        Assert.Equal(key.PublicJwk.ComputeThumbprint(), key.KeyId);
        Assert.Equal(43, key.KeyId.Length);
    }
}

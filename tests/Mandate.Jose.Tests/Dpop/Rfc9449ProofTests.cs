using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;

namespace Mandate.Jose.Tests.Dpop;

/// <summary>RFC 9449 examples as vectors.</summary>
public sealed class Rfc9449ProofTests
{
    private static DpopProofParameters At(long unixSeconds) => new()
    {
        Method = "POST",
        Uri = new Uri("https://server.example.com/token"),
        Now = DateTimeOffset.FromUnixTimeSeconds(unixSeconds),
        AllowedAlgorithms = [SignatureAlgorithm.ES256],
    };

    [Fact(DisplayName = "RFC 9449 §4.1: the example token-request proof verifies and yields the §6.1 jkt")]
    public void Section41_ExampleProofVerifies()
    {
        DpopProofResult result = DpopProofValidator.Validate(Rfc9449Vectors.TokenRequestProof, At(Rfc9449Vectors.TokenRequestProofIssuedAt));
        Assert.Equal(DpopProofError.None, result.Error);
        Assert.Equal(Rfc9449Vectors.ExampleKeyThumbprint, result.Proof!.Thumbprint);
        Assert.Equal("-BwC3ESc6acc2lTc", result.Proof.JwtId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Rfc9449Vectors.TokenRequestProofIssuedAt), result.Proof.IssuedAt);
        Assert.Null(result.Proof.Nonce);
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 11: the example proof is refused long after its iat")]
    public void Section43_ExampleProofExpires()
        => Assert.Equal(DpopProofError.IssuedAtOutOfWindow, DpopProofValidator.Validate(Rfc9449Vectors.TokenRequestProof, At(Rfc9449Vectors.TokenRequestProofIssuedAt + 3600)).Error);

    [Fact(DisplayName = "RFC 9449 §4.3 item 9: htu compares after RFC 3986 §6.2.2/§6.2.3 normalisation, ignoring query and fragment")]
    public void Section43_HtuNormalisation()
    {
        DpopProofParameters parameters = At(Rfc9449Vectors.TokenRequestProofIssuedAt);
        DpopProofParameters normalised = new()
        {
            Method = parameters.Method,
            Uri = new Uri("HTTPS://Server.Example.COM:443/token?x=1#f"),
            Now = parameters.Now,
            AllowedAlgorithms = parameters.AllowedAlgorithms,
        };
        Assert.Equal(DpopProofError.None, DpopProofValidator.Validate(Rfc9449Vectors.TokenRequestProof, normalised).Error);
        Assert.True(DpopTargetUri.Matches("https://server.example.com", new Uri("https://server.example.com/")));
        Assert.False(DpopTargetUri.Matches("https://server.example.com/token", new Uri("http://server.example.com/token")));
        Assert.False(DpopTargetUri.Matches("https://server.example.com/token", new Uri("https://server.example.com:8443/token")));
    }

    [Fact(DisplayName = "RFC 9449 §7.1: ath of the example access token")]
    public void Section71_AccessTokenHash()
    {
        Assert.Equal(Rfc9449Vectors.ResourceRequestAth, DpopAccessTokenHash.Compute(Rfc9449Vectors.ResourceRequestAccessToken));
        Assert.True(DpopAccessTokenHash.Matches(Rfc9449Vectors.ResourceRequestAth, Rfc9449Vectors.ResourceRequestAccessToken));
        Assert.False(DpopAccessTokenHash.Matches(Rfc9449Vectors.ResourceRequestAth, Rfc9449Vectors.ResourceRequestAccessToken + "x"));
    }
}

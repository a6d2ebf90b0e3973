using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;

namespace Mandate.Jose.Tests.Dpop;

/// <summary>One test per RFC 9449 §4.3 refusal, plus the writer round trip.</summary>
public sealed class DpopProofNegativeTests : IDisposable
{
    private const long Now = 1_800_000_000;
    private readonly SigningKey _key = SigningKey.Generate(SignatureAlgorithm.ES256);

    public void Dispose() => _key.Dispose();

    private static DpopProofParameters Parameters(string? accessToken = null, long now = Now) => new()
    {
        Method = "POST",
        Uri = new Uri("https://as.example/token"),
        Now = DateTimeOffset.FromUnixTimeSeconds(now),
        AllowedAlgorithms = [SignatureAlgorithm.ES256, SignatureAlgorithm.PS256],
        AccessToken = accessToken,
    };

    private DpopProofError Check(string header, string payload, string? accessToken = null)
        => DpopProofValidator.Validate(ProofForge.Sign(_key, header, payload), Parameters(accessToken)).Error;

    [Fact(DisplayName = "RFC 9449 §4.2: a proof from DpopProofWriter verifies, with the key's thumbprint and ath")]
    public void Writer_RoundTrip()
    {
        var writer = new DpopProofWriter(_key);
        string proof = writer.Create("POST", new Uri("https://as.example/token?q=1"), DateTimeOffset.FromUnixTimeSeconds(Now), "tok", "n-1");
        DpopProofResult result = DpopProofValidator.Validate(proof, Parameters("tok"));
        Assert.Equal(DpopProofError.None, result.Error);
        Assert.Equal(_key.PublicJwk.ComputeThumbprint(), result.Proof!.Thumbprint);
        Assert.Equal(writer.Thumbprint, result.Proof.Thumbprint);
        Assert.Equal("n-1", result.Proof.Nonce);
        Assert.False(result.Proof.Key.HasPrivateKey);
        Assert.NotEqual(result.Proof.JwtId, DpopProofValidator.Validate(writer.Create("POST", new Uri("https://as.example/token"), DateTimeOffset.FromUnixTimeSeconds(Now)), Parameters()).Proof!.JwtId);
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 2: a value that is not a compact JWS is refused")]
    public void NotAJws() => Assert.Equal(DpopProofError.Malformed, DpopProofValidator.Validate("a.b", Parameters()).Error);

    [Fact(DisplayName = "RFC 9449 §4.3 item 2: a proof longer than the limit is refused before decoding")]
    public void TooLong() => Assert.Equal(DpopProofError.Malformed, DpopProofValidator.Validate(new string('a', 9000) + ".b.c", Parameters()).Error);

    [Fact(DisplayName = "RFC 9449 §4.3 item 4: typ other than dpop+jwt is refused")]
    public void WrongTyp() => Assert.Equal(DpopProofError.InvalidType, Check(ProofForge.Header(_key, typ: "JWT"), ProofForge.Payload(Now)));

    [Fact(DisplayName = "RFC 9449 §4.3 item 5: alg none is refused")]
    public void AlgNone()
    {
        string unsigned = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(ProofForge.Header(_key, alg: "none"))) + "." + Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(ProofForge.Payload(Now))) + ".";
        Assert.NotEqual(DpopProofError.None, DpopProofValidator.Validate(unsigned, Parameters()).Error);
        Assert.Equal(DpopProofError.UnsupportedAlgorithm, Check(ProofForge.Header(_key, alg: "none"), ProofForge.Payload(Now)));
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 5: a symmetric alg (HS256) is refused")]
    public void AlgSymmetric() => Assert.Equal(DpopProofError.UnsupportedAlgorithm, Check(ProofForge.Header(_key, alg: "HS256"), ProofForge.Payload(Now)));

    [Fact(DisplayName = "RFC 9449 §4.3 item 5: an asymmetric alg outside the allow-list is refused")]
    public void AlgNotAllowed()
    {
        using SigningKey es384 = SigningKey.Generate(SignatureAlgorithm.ES384);
        string proof = new DpopProofWriter(es384).Create("POST", new Uri("https://as.example/token"), DateTimeOffset.FromUnixTimeSeconds(Now));
        Assert.Equal(DpopProofError.UnsupportedAlgorithm, DpopProofValidator.Validate(proof, Parameters()).Error);
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 3: a proof without jwk is refused")]
    public void MissingJwk() => Assert.Equal(DpopProofError.InvalidKey, Check("""{"typ":"dpop+jwt","alg":"ES256"}""", ProofForge.Payload(Now)));

    [Fact(DisplayName = "RFC 9449 §4.3 item 7: a jwk with a private key is refused")]
    public void PrivateJwk()
    {
        string jwk = ProofForge.PublicJwk(_key).TrimEnd('}') + $",\"d\":\"{_key.ExportPrivateJwk().D}\"}}";
        Assert.Equal(DpopProofError.InvalidKey, Check(ProofForge.Header(_key, jwk: jwk), ProofForge.Payload(Now)));
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 5: a jwk that does not fit alg (P-384 key under ES256) is refused")]
    public void JwkDoesNotFitAlg()
    {
        using SigningKey other = SigningKey.Generate(SignatureAlgorithm.ES384);
        Assert.Equal(DpopProofError.InvalidKey, Check(ProofForge.Header(_key, jwk: ProofForge.PublicJwk(other)), ProofForge.Payload(Now)));
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 6: a proof signed by another key than its jwk is refused")]
    public void WrongKey()
    {
        using SigningKey other = SigningKey.Generate(SignatureAlgorithm.ES256);
        Assert.Equal(DpopProofError.InvalidSignature, Check(ProofForge.Header(_key, jwk: ProofForge.PublicJwk(other)), ProofForge.Payload(Now)));
    }

    [Theory(DisplayName = "RFC 9449 §4.3 item 3: a proof without jti, htm, htu or iat is refused")]
    [InlineData("""{"htm":"POST","htu":"https://as.example/token","iat":1800000000}""")]
    [InlineData("""{"jti":"j","htu":"https://as.example/token","iat":1800000000}""")]
    [InlineData("""{"jti":"j","htm":"POST","iat":1800000000}""")]
    [InlineData("""{"jti":"j","htm":"POST","htu":"https://as.example/token"}""")]
    [InlineData("""{"jti":"","htm":"POST","htu":"https://as.example/token","iat":1800000000}""")]
    public void MissingClaim(string payload) => Assert.Equal(DpopProofError.MissingClaim, Check(ProofForge.Header(_key), payload));

    [Fact(DisplayName = "RFC 9449 §4.3 item 8: htm of another method is refused")]
    public void WrongMethod() => Assert.Equal(DpopProofError.MethodMismatch, Check(ProofForge.Header(_key), ProofForge.Payload(Now, htm: "GET")));

    [Fact(DisplayName = "RFC 9449 §4.3 item 9: htu of another URI is refused")]
    public void WrongUri() => Assert.Equal(DpopProofError.UriMismatch, Check(ProofForge.Header(_key), ProofForge.Payload(Now, htu: "https://as.example/other")));

    [Fact(DisplayName = "RFC 9449 §4.3 item 11: iat too old is refused")]
    public void TooOld() => Assert.Equal(DpopProofError.IssuedAtOutOfWindow, Check(ProofForge.Header(_key), ProofForge.Payload(Now - 66)));

    [Fact(DisplayName = "RFC 9449 §4.3 item 11: iat in the future beyond the skew is refused")]
    public void InFuture() => Assert.Equal(DpopProofError.IssuedAtOutOfWindow, Check(ProofForge.Header(_key), ProofForge.Payload(Now + 6)));

    [Fact(DisplayName = "RFC 9449 §4.3 item 11: iat at the edges of the window is accepted")]
    public void WindowEdges()
    {
        Assert.Equal(DpopProofError.None, Check(ProofForge.Header(_key), ProofForge.Payload(Now - 65)));
        Assert.Equal(DpopProofError.None, Check(ProofForge.Header(_key), ProofForge.Payload(Now + 5)));
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 12: a proof without ath, presented with an access token, is refused")]
    public void MissingAth() => Assert.Equal(DpopProofError.AccessTokenHashMismatch, Check(ProofForge.Header(_key), ProofForge.Payload(Now), accessToken: "tok"));

    [Fact(DisplayName = "RFC 9449 §4.3 item 12: ath of another access token is refused")]
    public void WrongAth()
        => Assert.Equal(DpopProofError.AccessTokenHashMismatch, Check(ProofForge.Header(_key), ProofForge.Payload(Now, extra: $",\"ath\":\"{DpopAccessTokenHash.Compute("other")}\""), accessToken: "tok"));

    [Fact(DisplayName = "RFC 7515 §4.1.11: a proof with crit is refused")]
    public void Crit() => Assert.Equal(DpopProofError.Malformed, Check(ProofForge.Header(_key).TrimEnd('}') + ",\"crit\":[\"x\"]}", ProofForge.Payload(Now)));

    [Fact(DisplayName = "RFC 8725 §3.x: a duplicated header member is refused")]
    public void DuplicateMember() => Assert.Equal(DpopProofError.Malformed, Check(ProofForge.Header(_key).TrimEnd('}') + ",\"typ\":\"dpop+jwt\"}", ProofForge.Payload(Now)));
}

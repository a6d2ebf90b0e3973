// RFC 9068 §4 / RFC 7519 §4.1.4–4.1.6: exp, nbf and iat against the injected clock with the configured skew
// (30 s by default). FakeTimeProvider only; no test sleeps.
using Mandate.Jose;
using Mandate.ResourceServer.Tests.Infrastructure;

namespace Mandate.ResourceServer.Tests;

public sealed class TimeClaimTests : ResourceServerTestBase
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    [Fact(DisplayName = "RFC 9068 §4: exp in the past but within the clock skew is accepted")]
    public async Task ExpWithinSkew_Accepted()
    {
        var claims = Claims();
        claims["exp"] = Now.Add(-Skew).AddSeconds(1).ToUnixTimeSeconds();
        await AssertAcceptedAsync(TestTokens.Sign(Key, claims));
    }

    [Fact(DisplayName = "RFC 9068 §4: exp one second past the clock skew is rejected")]
    public async Task ExpPastSkew_Rejected()
    {
        var claims = Claims();
        claims["exp"] = Now.Add(-Skew).AddSeconds(-1).ToUnixTimeSeconds();
        await AssertRejectedAsync(TestTokens.Sign(Key, claims), JoseErrorCode.Expired);
    }

    [Fact(DisplayName = "RFC 9068 §4: nbf beyond the clock skew is rejected")]
    public async Task NbfInFuture_Rejected()
    {
        var claims = Claims();
        claims["nbf"] = Now.Add(Skew).AddSeconds(2).ToUnixTimeSeconds();
        await AssertRejectedAsync(TestTokens.Sign(Key, claims), JoseErrorCode.NotYetValid);
    }

    [Fact(DisplayName = "RFC 9068 §4: nbf within the clock skew is accepted")]
    public async Task NbfWithinSkew_Accepted()
    {
        var claims = Claims();
        claims["nbf"] = Now.Add(Skew).AddSeconds(-1).ToUnixTimeSeconds();
        await AssertAcceptedAsync(TestTokens.Sign(Key, claims));
    }

    [Fact(DisplayName = "RFC 9068 §4: iat in the future beyond the clock skew is rejected")]
    public async Task IatInFuture_Rejected()
    {
        var claims = Claims();
        claims["iat"] = Now.Add(Skew).AddSeconds(2).ToUnixTimeSeconds();
        await AssertRejectedAsync(TestTokens.Sign(Key, claims), JoseErrorCode.IssuedInFuture);
    }

    [Fact(DisplayName = "RFC 9068 §4: a cached token is rejected once the clock passes exp plus skew")]
    public async Task CachedToken_RecheckedAgainstClock()
    {
        var token = ValidToken();
        await AssertAcceptedAsync(token);
        await AssertAcceptedAsync(token); // served from the validated-token cache

        Api.Time.Advance(TimeSpan.FromMinutes(5) + Skew);
        await AssertRejectedAsync(token, JoseErrorCode.Expired);
    }
}

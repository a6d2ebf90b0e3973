// RFC 9110 §10.2.3: every 503 and 429 the server writes carries Retry-After, in whole seconds.
using Mandate.Protocol;
using Mandate.Server.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.Tests.Endpoints;

public sealed class RetryAfterTests
{
    [Fact(DisplayName = "RFC 9110 §10.2.3: a 503 temporarily_unavailable from the token endpoint carries Retry-After")]
    public async Task TokenEndpoint503_CarriesTheDefaultRetryAfter()
    {
        var context = NewContext();

        await OAuthErrorResult.ForTokenEndpoint(new OAuthError(OAuthErrorCodes.TemporarilyUnavailable, "MND2500: x"), false).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact(DisplayName = "RFC 6585 §4: a 429 carries its own delay, rounded up to whole seconds")]
    public async Task TooManyRequests_CarriesItsDelayRoundedUp()
    {
        var context = NewContext();

        await OAuthErrorResult.TooManyRequests(new OAuthError(OAuthErrorCodes.TemporarilyUnavailable, "MND2720: x"), TimeSpan.FromMilliseconds(1200)).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task A400_CarriesNoRetryAfter()
    {
        var context = NewContext();

        await OAuthErrorResult.ForTokenEndpoint(new OAuthError(OAuthErrorCodes.InvalidRequest, "MND2001: x"), false).ExecuteAsync(context);

        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }

    private static DefaultHttpContext NewContext() => new() { Response = { Body = new MemoryStream() } };
}

using System.Net;
using Mandate.Agent.Tests.Infrastructure;

namespace Mandate.Agent.Tests;

public sealed class RejectionTests
{
    [Theory(DisplayName = "RFC 6749 §5.2: a rejection is not retried and surfaces its error code")]
    [InlineData("invalid_client", HttpStatusCode.Unauthorized)]
    [InlineData("unauthorized_client", HttpStatusCode.BadRequest)]
    [InlineData("invalid_scope", HttpStatusCode.BadRequest)]
    [InlineData("invalid_target", HttpStatusCode.BadRequest)]
    public async Task GetTokenAsync_ServerRejects_ThrowsWithoutRetry(string error, HttpStatusCode status)
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.RejectWith = error;

        var ex = await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync(new("tools:read")));

        Assert.Equal(error, ex.Error);
        Assert.Equal($"The request was rejected ({error}).", ex.ErrorDescription);
        Assert.Equal(status, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, h.Server.TokenRequestCount);
        Assert.Empty(h.Time.DrainTimers()); // no retry delay was even scheduled
    }

    [Fact]
    public async Task GetTokenAsync_SecretRotatedWhileTokenCached_ThrowsInvalidClientAndDropsToken()
    {
        await using var h = await AgentHarness.StartAsync(o => o.Jitter = 0);
        h.Server.LifetimeSeconds = 100;
        await h.Client.GetTokenAsync();
        h.Server.ClientSecret = "mnd_rotated";
        h.Time.Advance(TimeSpan.FromSeconds(81));

        var ex = await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync());
        Assert.Equal("invalid_client", ex.Error);

        // The stale token is not handed out again. A call within the rejection hold (Retry.BaseDelay,
        // 200 ms by default) gets the same error without a request; after it, the server is asked again.
        var held = await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync());
        Assert.Equal("invalid_client", held.Error);
        Assert.Equal(2, h.Server.TokenRequestCount);

        h.Time.Advance(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync());
        Assert.Equal(3, h.Server.TokenRequestCount);
    }

    [Fact(DisplayName = "A rejected agent calling at 20/s for a minute makes a handful of token requests, not 1,200")]
    public async Task GetTokenAsync_RepeatedRejections_BackOffExponentially()
    {
        await using var h = await AgentHarness.StartAsync(); // BaseDelay 200 ms, MaxDelay 30 s
        h.Server.RejectWith = "invalid_target";

        for (var call = 0; call < 1200; call++)
        {
            var ex = await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync(new("tools:read")));
            Assert.Equal("invalid_target", ex.Error);
            Assert.False(ex.IsTransient);
            h.Time.Advance(TimeSpan.FromMilliseconds(50));
        }

        // Holds of 0.2, 0.4, 0.8, ... 25.6 s, then 30 s: about 9 requests in 60 s.
        Assert.InRange(h.Server.TokenRequestCount, 8, 10);
    }

    [Fact]
    public async Task GetTokenAsync_NonJsonClientError_ThrowsInvalidResponse()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.FailNext(1, TokenFailure.HtmlBadRequest);

        var ex = await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync());

        Assert.Equal(MandateTokenException.InvalidResponse, ex.Error);
        Assert.Null(ex.ErrorDescription);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain("<html>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokenAsync_NonJsonBadGateway_IsTransientServerError()
    {
        await using var h = await AgentHarness.StartAsync(o => o.Retry.MaxAttempts = 1);
        h.Server.FailNext(1, TokenFailure.HtmlBadGateway);

        var ex = await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync());

        Assert.Equal("server_error", ex.Error);
        Assert.True(ex.IsTransient);
        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
    }

    [Fact]
    public async Task GetTokenAsync_IssuerWithoutMetadata_ThrowsInvalidResponse()
    {
        await using var server = await FakeTokenServer.StartAsync();
        using var http = new HttpClient();
        using var client = new MandateTokenClient(http, new MandateTokenClientOptions
        {
            Issuer = new Uri(server.Issuer, "/not-an-issuer"),
            ClientId = server.ClientId,
            ClientSecret = server.ClientSecret,
        });

        var ex = await Assert.ThrowsAsync<MandateTokenException>(() => client.GetTokenAsync());

        Assert.Equal(MandateTokenException.InvalidResponse, ex.Error);
        Assert.Equal(0, server.TokenRequestCount);
    }
}

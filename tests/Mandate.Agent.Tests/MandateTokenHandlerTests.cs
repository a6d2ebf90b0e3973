using System.Net;
using System.Net.Http.Json;
using Mandate.Agent.Tests.Infrastructure;

namespace Mandate.Agent.Tests;

public sealed class MandateTokenHandlerTests
{
    [Fact(DisplayName = "RFC 6750 §2.1: requests carry the cached token as Authorization: Bearer")]
    public async Task SendAsync_AttachesBearerToken()
    {
        await using var h = await AgentHarness.StartAsync();

        using var response = await h.Api.GetAsync("/api/tools");
        using var second = await h.Api.GetAsync("/api/tools");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, h.Server.TokenRequestCount);
        Assert.Equal("tools:read", h.Server.TokenRequests[0].Form["scope"]);
        Assert.All(h.Server.ApiAuthorizations, a => Assert.Equal("Bearer " + h.Server.IssuedTokens.Single(), a));
    }

    [Fact(DisplayName = "RFC 6750 §3.1: 401 invalid_token causes exactly one renewal and one retry")]
    public async Task SendAsync_InvalidToken_RenewsOnceAndRetriesOnce()
    {
        await using var h = await AgentHarness.StartAsync();
        await h.Client.GetTokenAsync(new("tools:read"));
        h.Server.RejectNextApiCalls(1);

        using var response = await h.Api.GetAsync("/api/tools");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, h.Server.TokenRequestCount);
        Assert.Equal(2, h.Server.ApiCallCount);
        Assert.NotEqual(h.Server.ApiAuthorizations[0], h.Server.ApiAuthorizations[1]);
    }

    [Fact]
    public async Task SendAsync_InvalidTokenTwice_ReturnsSecond401WithoutFurtherRetries()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.RejectNextApiCalls(2);

        using var response = await h.Api.GetAsync("/api/tools");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, h.Server.ApiCallCount);
        Assert.Equal(2, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task SendAsync_InvalidTokenOnStreamContent_IsNotRetried()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.RejectNextApiCalls(1);

        using var content = new StreamContent(new MemoryStream("{\"q\":1}"u8.ToArray()));
        using var response = await h.Api.PostAsync("/api/echo", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, h.Server.ApiCallCount);
        Assert.Equal(1, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task SendAsync_InvalidTokenOnStringContent_ReplaysTheSameBody()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.RejectNextApiCalls(1);

        using var response = await h.Api.PostAsync("/api/echo", new StringContent("{\"q\":1}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["{\"q\":1}", "{\"q\":1}"], h.Server.ApiBodies);
    }

    [Fact]
    public async Task SendAsync_InvalidTokenOnJsonContent_ReplaysTheSameBody()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.RejectNextApiCalls(1);

        using var response = await h.Api.PostAsJsonAsync("/api/echo", new { q = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, h.Server.ApiBodies.Count);
        Assert.Equal(h.Server.ApiBodies[0], h.Server.ApiBodies[1]);
    }

    [Theory]
    [InlineData("Bearer realm=\"api\"", false)]
    [InlineData("Bearer error=\"insufficient_scope\"", false)]
    [InlineData("Basic realm=\"x\", error=\"invalid_token\"", false)]
    [InlineData("Bearer error=\"invalid_token_x\"", false)]
    [InlineData("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"expired\"", true)]
    [InlineData("Bearer error=invalid_token", true)]
    [InlineData("Bearer realm=\"a\",error = \"invalid_token\"", true)]
    public void HasInvalidTokenChallenge_ParsesRfc6750Challenges(string header, bool expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", header);

        Assert.Equal(expected, MandateTokenHandler.HasInvalidTokenChallenge(response));
    }

    [Fact]
    public void IsReplayable_DocumentedRule()
    {
        Assert.True(MandateTokenHandler.IsReplayable(null));
        Assert.True(MandateTokenHandler.IsReplayable(new ByteArrayContent([1])));
        Assert.True(MandateTokenHandler.IsReplayable(new StringContent("x")));
        Assert.True(MandateTokenHandler.IsReplayable(new FormUrlEncodedContent([])));
        Assert.True(MandateTokenHandler.IsReplayable(new ReadOnlyMemoryContent(new byte[1])));
        Assert.True(MandateTokenHandler.IsReplayable(JsonContent.Create(1)));
        Assert.False(MandateTokenHandler.IsReplayable(new StreamContent(Stream.Null)));
        Assert.False(MandateTokenHandler.IsReplayable(new MultipartContent()));
    }

    [Fact]
    public async Task SendAsync_TokenUnavailable_ThrowsMandateTokenExceptionWithoutCallingApi()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.RejectWith = "invalid_client";

        await Assert.ThrowsAsync<MandateTokenException>(() => h.Api.GetAsync("/api/tools"));
        Assert.Equal(0, h.Server.ApiCallCount);
    }
}

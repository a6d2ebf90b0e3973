using Mandate.Agent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Mandate.Agent.Tests.Exchange.ExchangeTestTokens;

namespace Mandate.Agent.Tests.Exchange;

public sealed class MandateTokenExchangeHandlerTests
{
    [Fact(DisplayName = "RFC 8693 + RFC 6750 §2.1: the request's subject token is exchanged once and the exchanged token is sent as Bearer")]
    public async Task SendAsync_WithSubjectToken_SendsExchangedTokenAndCachesIt()
    {
        await using var h = await AgentHarness.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton(h.Client);
        services.AddHttpClient("downstream", c => c.BaseAddress = h.Server.Issuer)
            .AddMandateTokenExchange(o => (o.Resource, o.Scope) = (new Uri("https://api.example.test"), "tools:read"));
        await using var provider = services.BuildServiceProvider();
        var downstream = provider.GetRequiredService<IHttpClientFactory>().CreateClient("downstream");
        var subject = Jwt(h.Time.GetUtcNow().AddMinutes(10));

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tools");
            MandateTokenExchangeHandler.SetSubjectToken(request, subject);
            using var response = await downstream.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var exchange = Assert.Single(h.Server.TokenRequests);
        Assert.Equal(TokenExchangeGrant, exchange.Form["grant_type"]);
        Assert.Equal(subject, exchange.Form["subject_token"]);
        Assert.Equal("tools:read", exchange.Form["scope"]);
        var issued = Assert.Single(h.Server.IssuedTokens);
        Assert.All(h.Server.ApiAuthorizations, a => Assert.Equal("Bearer " + issued, a));
    }

    [Fact]
    public async Task SendAsync_WithoutSubjectToken_ThrowsInvalidOperationAndSendsNothing()
    {
        await using var h = await AgentHarness.StartAsync();
        using var invoker = new HttpMessageInvoker(new MandateTokenExchangeHandler(h.Client, new MandateTokenExchangeOptions()) { InnerHandler = new HttpClientHandler() });

        await Assert.ThrowsAsync<InvalidOperationException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(h.Server.Issuer, "/api/tools")), CancellationToken.None));

        Assert.Equal(0, h.Server.TokenRequestCount);
        Assert.Equal(0, h.Server.ApiCallCount);
    }
}

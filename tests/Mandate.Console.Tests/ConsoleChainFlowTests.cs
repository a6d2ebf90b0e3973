using System.Net;
using Mandate.Testing;

namespace Mandate.Console.Tests;

/// <summary>The agent page's activity, the token chain view and revocation from the console, over HTTP against a real server.</summary>
public sealed class ConsoleChainFlowTests
{
    [Fact]
    public async Task AgentPage_ShowsRecentToken_Denial_AndActivityChart()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "report-writer", scopes = new[] { "reports:read" }, audiences = new[] { "https://reports.example.com" } });
        var token = await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, "https://reports.example.com", "reports:read");
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, "https://reports.example.com", "reports:write"));
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        var html = await (await browser.GetAsync("console/agents/" + agent.ClientId)).Content.ReadAsStringAsync();

        Assert.Contains("/console/tokens/" + ConsoleDelegation.Jti(token), html, StringComparison.Ordinal);
        Assert.Contains("invalid_scope", html, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"agent-activity\"", html, StringComparison.Ordinal);
        Assert.Contains("1 issued and 1 denied in total", html, StringComparison.Ordinal);
        Assert.DoesNotContain(token, html, StringComparison.Ordinal);
        Assert.DoesNotContain(agent.ClientSecret!, html, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "RFC 8693 §2.1 + RFC 7009 §2.1: the chain view lists the exchanged child; revoking the parent from the console revokes the child")]
    public async Task TokenPage_ShowsDerivedToken_RevokeCascades()
    {
        await using var server = await MandateTestServer.StartAsync();
        var (orchestrator, sub) = await ConsoleDelegation.CreatePairAsync(server);
        var parent = await server.GetTokenAsync(orchestrator.ClientId, orchestrator.ClientSecret!, "urn:mandate:agent:" + sub.ClientId, "invoices:read");
        var child = await ConsoleDelegation.ExchangeAsync(server, sub, parent, ConsoleDelegation.Api);
        var (parentJti, childJti) = (ConsoleDelegation.Jti(parent), ConsoleDelegation.Jti(child));
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        var childPage = await (await browser.GetAsync("console/tokens/" + childJti)).Content.ReadAsStringAsync();
        Assert.Contains("origin (subject)", childPage, StringComparison.Ordinal);
        Assert.Contains("/console/tokens/" + parentJti, childPage, StringComparison.Ordinal);
        Assert.Contains(orchestrator.ClientId, childPage, StringComparison.Ordinal);
        Assert.Contains(ConsoleDelegation.Api, childPage, StringComparison.Ordinal);

        var confirm = await (await browser.GetAsync("console/tokens/" + parentJti + "/confirm-revoke")).Content.ReadAsStringAsync();
        Assert.Contains("/console/tokens/" + childJti, confirm, StringComparison.Ordinal);
        Assert.Contains("Revoke 2 tokens", confirm, StringComparison.Ordinal);
        Assert.True(await ConsoleDelegation.IsActiveAsync(server, child));

        var revoked = await browser.SubmitAsync("console/tokens/" + parentJti + "/confirm-revoke", "console/tokens/" + parentJti + "/revoke");

        Assert.Equal(HttpStatusCode.SeeOther, revoked.StatusCode);
        Assert.False(await ConsoleDelegation.IsActiveAsync(server, parent));
        Assert.False(await ConsoleDelegation.IsActiveAsync(server, child));
        var after = await (await browser.GetAsync("console/tokens/" + parentJti)).Content.ReadAsStringAsync();
        Assert.Equal(2, after.Split(">revoked<").Length - 1);
        Assert.DoesNotContain("confirm-revoke", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeWithoutAntiforgeryToken_IsRefused_AndTokenStaysActive()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "victim", scopes = new[] { "read" }, audiences = new[] { "https://api.example.com" } });
        var token = await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, "https://api.example.com", "read");
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        var forged = await browser.PostAsync("console/tokens/" + ConsoleDelegation.Jti(token) + "/revoke", [new("_csrf", "forged")]);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True(await ConsoleDelegation.IsActiveAsync(server, token));
    }

    [Fact]
    public async Task UnknownJti_Answers404_WithSearchForm()
    {
        await using var server = await MandateTestServer.StartAsync();
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        var response = await browser.GetAsync("console/tokens/no-such-jti");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("name=\"jti\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_ShowsPerMinuteChart_StoreHealth_AndFeedSubscribers()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "worker", scopes = new[] { "read" }, audiences = new[] { "https://api.example.com" } });
        await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, "https://api.example.com", "read");
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);
        using var feedRequest = new HttpRequestMessage(HttpMethod.Get, "revocations?after=0");
        feedRequest.Headers.Accept.ParseAdd("text/event-stream");
        using var feed = await server.HttpClient.SendAsync(feedRequest, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);

        var html = await (await browser.GetAsync("console")).Content.ReadAsStringAsync();

        Assert.Contains("<svg id=\"overview-activity\"", html, StringComparison.Ordinal);
        // The admin token CreateAgentAsync got counts too: every issued token of the last hour is in the chart.
        var issued = System.Text.RegularExpressions.Regex.Match(html, "([0-9]+) issued and 0 denied in total");
        Assert.True(issued.Success && int.Parse(issued.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, html);
        Assert.Contains("healthy: reads and writes succeed", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Revocation-feed subscribers</dt><dd>1 connected to this node</dd>", html, StringComparison.Ordinal);
    }
}

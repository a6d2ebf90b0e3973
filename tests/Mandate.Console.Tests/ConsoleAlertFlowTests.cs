using System.Globalization;
using System.Net;
using Mandate.Storage;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Console.Tests;

/// <summary>The alerts page against a real server: an out-of-policy alert raised by a real token request, shown with
/// severity, rule, agent and evidence; acknowledged by an agents operator (audited); refused to a viewer.</summary>
public sealed class ConsoleAlertFlowTests
{
    private const string Api = "https://api.example.com";

    [Fact]
    public async Task Alert_IsListedWithEvidence_ViewerCannotAcknowledge_AgentsOperatorDoes()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "invoice-bot", scopes = new[] { "invoices:read" }, audiences = new[] { Api } });
        var viewer = await server.CreateAgentAsync(new { name = "viewer", scopes = new[] { "mandate:read" }, audiences = new[] { Api } });
        var responder = await server.CreateAgentAsync(new { name = "responder", scopes = new[] { "mandate:read", "mandate:agents" }, audiences = new[] { Api } });
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, "invoices:delete"));
        var store = server.Services.GetRequiredService<IAuditStore>();
        var alert = await WaitForAlertAsync(store);
        var id = alert.Id.ToString(CultureInfo.InvariantCulture);

        using (var browser = new ConsoleBrowserSession(server.BaseAddress))
        {
            await browser.SignInAsync(viewer.ClientId, viewer.ClientSecret!);
            var html = await (await browser.GetAsync("console/alerts")).Content.ReadAsStringAsync();
            Assert.Contains("<tr id=\"a" + id + "\">", html, StringComparison.Ordinal);
            Assert.Contains("<code>out_of_policy</code>", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/console/agents/" + alert.AgentId + "\"", html, StringComparison.Ordinal);
            Assert.Contains("<dt>address</dt>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("/ack\"", html, StringComparison.Ordinal);
            var forged = await browser.SubmitAsync("console/alerts", "console/alerts/" + id + "/ack");
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.Empty(await store.QueryAsync(new AuditQuery { Type = AuditEventTypes.ConsoleAlertAcknowledged }, CancellationToken.None));
        }

        using var responderBrowser = new ConsoleBrowserSession(server.BaseAddress);
        await responderBrowser.SignInAsync(responder.ClientId, responder.ClientSecret!);
        var denial = (await store.QueryAsync(new AuditQuery { Type = AuditEventTypes.TokenDenied }, CancellationToken.None)).First();
        var notAnAlert = await responderBrowser.SubmitAsync("console/alerts", "console/alerts/" + denial.Id.ToString(CultureInfo.InvariantCulture) + "/ack");
        Assert.Equal(HttpStatusCode.NotFound, notAnAlert.StatusCode);
        Assert.Contains("MND3801", await notAnAlert.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var acknowledged = await responderBrowser.SubmitAsync("console/alerts", "console/alerts/" + id + "/ack");
        Assert.Equal(HttpStatusCode.SeeOther, acknowledged.StatusCode);
        var after = await (await responderBrowser.GetAsync("console/alerts")).Content.ReadAsStringAsync();
        Assert.Contains("by " + responder.ClientId, after, StringComparison.Ordinal);
        var open = await (await responderBrowser.GetAsync("console/alerts?open=1")).Content.ReadAsStringAsync();
        Assert.Contains("Every alert is acknowledged", open, StringComparison.Ordinal);
        var ack = Assert.Single(await store.QueryAsync(new AuditQuery { Type = AuditEventTypes.ConsoleAlertAcknowledged }, CancellationToken.None));
        Assert.Equal(responder.ClientId, ack.ClientId);
        Assert.Equal(id, ack.Details);
        Assert.Equal(alert.AgentId, ack.AgentId);

        // Acknowledging twice records one acknowledgement.
        await responderBrowser.SubmitAsync("console/alerts", "console/alerts/" + id + "/ack");
        Assert.Single(await store.QueryAsync(new AuditQuery { Type = AuditEventTypes.ConsoleAlertAcknowledged }, CancellationToken.None));
    }

    [Fact]
    public async Task NoAlerts_ShowsWhatToDoNext()
    {
        await using var server = await MandateTestServer.StartAsync();
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        var html = await (await browser.GetAsync("console/alerts")).Content.ReadAsStringAsync();

        Assert.Contains("No anomaly alert yet", html, StringComparison.Ordinal);
        Assert.Contains("set policies on each agent", html, StringComparison.Ordinal);
    }

    internal static async Task<AuditRecord> WaitForAlertAsync(IAuditStore store)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var alerts = await store.QueryAsync(new AuditQuery { Type = "alert.", Limit = 1 }, timeout.Token);
            if (alerts.Count == 1)
            {
                return alerts[0];
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}

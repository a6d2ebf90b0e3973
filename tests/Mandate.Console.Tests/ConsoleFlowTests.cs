using System.Net;
using System.Text.RegularExpressions;
using Mandate.Testing;

namespace Mandate.Console.Tests;

/// <summary>The operator console against a real server on 127.0.0.1, driven over HTTP with cookies and forms.</summary>
public sealed partial class ConsoleFlowTests
{
    [Fact]
    public async Task SignIn_CreateAgent_SecretShownOnce_SuspendRefusesToken()
    {
        await using var server = await MandateTestServer.StartAsync();
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        var admin = server.Admin;

        var signIn = await browser.SignInAsync(admin.ClientId, admin.ClientSecret);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var cookie = string.Join(";", signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var created = await browser.SubmitAsync("console/agents/new", "console/agents",
            ("name", "invoice-bot"), ("owner", "alice@example.com"), ("scopes", "invoices:read"), ("audiences", "https://api.example.com"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var html = await created.Content.ReadAsStringAsync();
        var clientId = WebUtility.HtmlDecode(Regex.Match(html, "<dt>Client id</dt><dd><code>([^<]+)</code>").Groups[1].Value);
        var secret = WebUtility.HtmlDecode(Regex.Match(html, "<code id=\"secret\">([^<]+)</code>").Groups[1].Value);
        Assert.NotEmpty(secret);

        await server.GetTokenAsync(clientId, secret, "https://api.example.com", "invoices:read");

        var list = await (await browser.GetAsync("console/agents")).Content.ReadAsStringAsync();
        Assert.Contains("invoice-bot", list, StringComparison.Ordinal);
        var agentPage = await (await browser.GetAsync("console/agents/" + clientId)).Content.ReadAsStringAsync();
        Assert.Contains("alice@example.com", agentPage, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list + agentPage, StringComparison.Ordinal);

        var suspended = await browser.SubmitAsync("console/agents/" + clientId + "/confirm/suspend", "console/agents/" + clientId + "/suspend");
        Assert.Equal(HttpStatusCode.SeeOther, suspended.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetTokenAsync(clientId, secret, "https://api.example.com", "invoices:read"));
        Assert.Contains("suspended", await (await browser.GetAsync("console/agents/" + clientId)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedPost_WithoutAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "victim", scopes = new[] { "read" }, audiences = new[] { "https://api.example.com" } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret)).StatusCode);

        var forged = await browser.PostAsync("console/agents/" + agent.ClientId + "/suspend", [new("_csrf", "forged")]);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("MND3300", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, "https://api.example.com", "read");
    }

    [Fact]
    public async Task Pages_CarryStrictCsp_AndNoInlineScript()
    {
        await using var server = await MandateTestServer.StartAsync();
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        foreach (var path in new[] { "console/sign-in", "console", "console/agents", "console/agents/new" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignIn_WithWrongSecret_Fails_AndPagesStayClosed()
    {
        await using var server = await MandateTestServer.StartAsync();
        using var browser = new ConsoleBrowserSession(server.BaseAddress);

        var failed = await browser.SignInAsync(server.Admin.ClientId, "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.Contains("MND3303", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var overview = await browser.GetAsync("console");
        Assert.Equal(HttpStatusCode.SeeOther, overview.StatusCode);
        Assert.Equal("/console/sign-in", overview.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_AsAgentWithoutAdminScope_IsRefused()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "plain", scopes = new[] { "read" }, audiences = new[] { "https://api.example.com" } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);

        var failed = await browser.SignInAsync(agent.ClientId, agent.ClientSecret!);

        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
    }

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

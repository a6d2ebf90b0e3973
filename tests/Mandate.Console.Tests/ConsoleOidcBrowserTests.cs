using Mandate.Testing;
using Microsoft.Playwright;

namespace Mandate.Console.Tests;

/// <summary>
/// OpenID Connect sign-in in a real Chromium at 1366×768 against a real server and <see cref="TestOidcProvider"/> on
/// 127.0.0.1; saves docs/console/oidc-sign-in.png.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleOidcBrowserTests(ChromiumFixture chromium)
{
    private const string Api = "https://api.example.com";

    [Fact]
    public async Task Viewer_SeesNoActions_AdminSuspends_AndTheAuditShowsTheOidcIdentity()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        idp.User = new TestOidcUser("user-2", "Vera Viewer", "vera@example.com", ["mandate-viewers"]);
        await using var server = await ConsoleOidcFlowTests.StartAsync(idp);
        var agent = await server.CreateAgentAsync(new { name = "invoice-bot", scopes = new[] { "invoices:read" }, audiences = new[] { Api } });
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // generous: CI runs the test projects in parallel on 2 cores
        var root = server.BaseAddress.AbsoluteUri.TrimEnd('/');

        await page.GotoAsync(root + "/console");
        await page.WaitForURLAsync(root + "/console/sign-in");
        await ConsoleScreenshots.SaveAsync(page, "oidc-sign-in");
        await page.ClickAsync("text=Sign in with Test IdP");
        await page.WaitForURLAsync(root + "/console");
        Assert.Contains("Vera Viewer (viewer)", await page.InnerTextAsync("header"), StringComparison.Ordinal);
        await page.GotoAsync(root + "/console/agents/" + agent.ClientId);
        Assert.Equal(0, await page.Locator("main a[href$='/confirm/suspend'], main a[href$='/policy'], main form[method=post]").CountAsync());

        await page.ClickAsync("header button[type=submit]");
        await page.WaitForURLAsync(root + "/console/sign-in");
        idp.User = new TestOidcUser("user-1", "Ada Operator", "ada@example.com", ["mandate-admins"]);
        await page.ClickAsync("text=Sign in with Test IdP");
        await page.WaitForURLAsync(root + "/console");
        Assert.Contains("Ada Operator (admin)", await page.InnerTextAsync("header"), StringComparison.Ordinal);
        await page.GotoAsync(root + "/console/agents/" + agent.ClientId);
        await page.ClickAsync("text=Suspend…");
        await page.ClickAsync("main button.destructive");
        await page.WaitForURLAsync(root + "/console/agents/" + agent.ClientId);
        Assert.Contains("suspended", await page.InnerTextAsync("main dl"), StringComparison.Ordinal);

        await page.GotoAsync(root + "/console/audit?agent=" + agent.ClientId + "&type=admin.");
        var table = await page.InnerTextAsync("main table");
        Assert.Contains("oidc:user-1@" + idp.Issuer.Authority, table, StringComparison.Ordinal);
        Assert.DoesNotContain(TestOidcProvider.ClientSecret, await page.ContentAsync(), StringComparison.Ordinal);
    }
}

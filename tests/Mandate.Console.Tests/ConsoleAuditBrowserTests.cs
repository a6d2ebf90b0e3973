using Mandate.Testing;
using Microsoft.Playwright;

namespace Mandate.Console.Tests;

/// <summary>
/// The audit page and the viewer role in a real Chromium at 1366×768 against a real server on 127.0.0.1; saves
/// docs/console/audit.png and docs/console/viewer-agent.png.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleAuditBrowserTests(ChromiumFixture chromium)
{
    private const string Api = "https://api.example.com";

    [Fact]
    public async Task Admin_ReachesAuditByKeyboard_FiltersAndExports_ViewerSeesNoActions()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "invoice-bot", scopes = new[] { "invoices:read" }, audiences = new[] { Api } });
        var viewer = await server.CreateAgentAsync(new { name = "night-shift", scopes = new[] { "mandate:read" }, audiences = new[] { Api } });
        await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, "invoices:read");
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, "invoices:delete"));
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // generous: CI runs the test projects in parallel on 2 cores
        var root = server.BaseAddress.AbsoluteUri.TrimEnd('/');
        await SignInAsync(page, root, server.Admin.ClientId, server.Admin.ClientSecret);

        // Keyboard only: tab to the Audit link in the navigation and follow it.
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
        for (var i = 0; i < 60 && await page.EvaluateAsync<string>("() => document.activeElement?.getAttribute('href') ?? ''") != "/console/audit"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("/console/audit", await page.EvaluateAsync<string>("() => document.activeElement?.getAttribute('href') ?? ''"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(root + "/console/audit");
        await page.FillAsync("#agent", agent.ClientId);
        await page.FillAsync("#since", "1h");
        await page.ClickAsync("main form[role=search] button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("agent="));
        var table = await page.InnerTextAsync("main table");
        Assert.Contains("token.issued", table, StringComparison.Ordinal);
        Assert.Contains("invalid_scope", table, StringComparison.Ordinal);
        Assert.DoesNotContain(agent.ClientSecret!, await page.ContentAsync(), StringComparison.Ordinal);
        await ConsoleScreenshots.SaveAsync(page, "audit");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Export these records (JSON Lines)"));
        Assert.Equal("mandate-audit.jsonl", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.Contains(File.ReadLines(path!), line => line.Contains("\"type\":\"token.issued\"", StringComparison.Ordinal));

        await page.ClickAsync("header button[type=submit]");
        await page.WaitForURLAsync(root + "/console/sign-in");
        await SignInAsync(page, root, viewer.ClientId, viewer.ClientSecret!);
        await page.GotoAsync(root + "/console/agents/" + agent.ClientId);
        Assert.Contains("(viewer)", await page.InnerTextAsync("header"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main a[href$='/confirm/suspend'], main a[href$='/policy'], main form[method=post]").CountAsync());
        Assert.Equal(0, await page.Locator("nav a[href='/console/audit'], nav a[href='/console/agents/new']").CountAsync());
        await ConsoleScreenshots.SaveAsync(page, "viewer-agent");
    }

    private static async Task SignInAsync(IPage page, string root, string clientId, string secret)
    {
        await page.GotoAsync(root + "/console/sign-in");
        await page.FillAsync("#client_id", clientId);
        await page.FillAsync("#client_secret", secret);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(root + "/console");
    }
}

using System.Text.Json;
using Mandate.Testing;
using Microsoft.Playwright;

namespace Mandate.Console.Tests;

/// <summary>
/// The agent page, the delegation chain, revocation with its cascade and policy editing in a real Chromium at
/// 1366×768 against a real server on 127.0.0.1; saves each page to docs/console/*.png.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleChainBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Operator_SeesTokenAndChain_RevokesParentWithCascade_EditsPolicy()
    {
        await using var server = await MandateTestServer.StartAsync();
        var (orchestrator, sub) = await ConsoleDelegation.CreatePairAsync(server);
        var parent = await server.GetTokenAsync(orchestrator.ClientId, orchestrator.ClientSecret!, "urn:mandate:agent:" + sub.ClientId, "invoices:read");
        var child = await ConsoleDelegation.ExchangeAsync(server, sub, parent, ConsoleDelegation.Api);
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetTokenAsync(sub.ClientId, sub.ClientSecret!, ConsoleDelegation.Api, "invoices:delete"));
        var secrets = new[] { orchestrator.ClientSecret!, sub.ClientSecret!, server.Admin.ClientSecret, parent, child };
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // generous: CI runs the test projects in parallel on 2 cores
        var root = server.BaseAddress.AbsoluteUri.TrimEnd('/');
        await SignInAsync(page, server, root);

        await page.GotoAsync(root + "/console");
        Assert.Equal(1, await page.Locator("#overview-activity").CountAsync());
        await ConsoleScreenshots.SaveAsync(page, "overview-activity");

        await page.GotoAsync(root + "/console/agents/" + sub.ClientId);
        var childJti = ConsoleDelegation.Jti(child);
        Assert.Contains(childJti, await page.InnerTextAsync("#tokens + table"), StringComparison.Ordinal);
        Assert.Contains("invalid_scope", await page.InnerTextAsync("#denials + table"), StringComparison.Ordinal);
        var time = page.Locator("#tokens + table time").First;
        Assert.EndsWith(" UTC", await time.GetAttributeAsync("title"), StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", await time.InnerTextAsync(), StringComparison.Ordinal);
        await AssertNoSecretAsync(page, secrets);
        await ConsoleScreenshots.SaveAsync(page, "agent-activity");

        await page.ClickAsync("#tokens + table a[href='/console/tokens/" + childJti + "']");
        await page.WaitForURLAsync(root + "/console/tokens/" + childJti);
        Assert.Contains(orchestrator.ClientId, await page.InnerTextAsync("ol.chain"), StringComparison.Ordinal);
        Assert.Contains(ConsoleDelegation.Api, await page.InnerTextAsync("ol.chain li.api"), StringComparison.Ordinal);
        await ConsoleScreenshots.SaveAsync(page, "chain");

        var parentJti = ConsoleDelegation.Jti(parent);
        await page.ClickAsync("ol.chain a[href='/console/tokens/" + parentJti + "']");
        await page.WaitForURLAsync(root + "/console/tokens/" + parentJti);
        Assert.Contains(childJti, await page.InnerTextAsync("ul.derived"), StringComparison.Ordinal);
        await page.ClickAsync("text=Revoke this token…");
        Assert.Contains(childJti, await page.InnerTextAsync("ul.revoke-list"), StringComparison.Ordinal);
        await ConsoleScreenshots.SaveAsync(page, "revoke-confirm");
        await page.ClickAsync("main button.destructive");
        await page.WaitForURLAsync(root + "/console/tokens/" + parentJti);
        Assert.Equal(2, await page.Locator("main strong.danger", new PageLocatorOptions { HasText = "revoked" }).CountAsync());
        await ConsoleScreenshots.SaveAsync(page, "revoked-cascade");
        Assert.False(await ConsoleDelegation.IsActiveAsync(server, child));
        Assert.False(await ConsoleDelegation.IsActiveAsync(server, parent));

        await page.GotoAsync(root + "/console/agents/" + sub.ClientId);
        await page.ClickAsync("text=Edit policy…");
        await page.FillAsync("#allowed_cidrs", "10.0.0.1/8");
        await page.ClickAsync("main button.primary");
        Assert.Contains("MND2633", await page.InnerTextAsync("#form-error"), StringComparison.Ordinal);
        await ConsoleScreenshots.SaveAsync(page, "policy-error");
        await page.FillAsync("#allowed_cidrs", "127.0.0.0/8");
        await page.FillAsync("#token_lifetime_seconds", "120");
        await page.ClickAsync("main button.primary");
        await page.WaitForURLAsync(root + "/console/agents/" + sub.ClientId + "#policy");
        Assert.Contains("127.0.0.0/8", await page.InnerTextAsync("#policy + dl"), StringComparison.Ordinal);

        var token = await server.GetTokenAsync(sub.ClientId, sub.ClientSecret!, ConsoleDelegation.Api, "invoices:read");
        var claims = Claims(token);
        Assert.Equal(120, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        await page.GotoAsync(root + "/console/agents/" + sub.ClientId + "/policy");
        await AssertNoSecretAsync(page, [.. secrets, token]);
        await ConsoleScreenshots.SaveAsync(page, "policy");
    }

    [Fact]
    public async Task AgentPage_InDarkMode_UsesDarkColours()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "night-worker", scopes = new[] { "read" }, audiences = new[] { "https://api.example.com" } });
        await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, "https://api.example.com", "read");
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            ColorScheme = ColorScheme.Dark,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // generous: CI runs the test projects in parallel on 2 cores
        var root = server.BaseAddress.AbsoluteUri.TrimEnd('/');
        await SignInAsync(page, server, root);

        await page.GotoAsync(root + "/console/agents/" + agent.ClientId);

        Assert.Equal("rgb(13, 17, 23)", await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await ConsoleScreenshots.SaveAsync(page, "agent-dark");
    }

    private static async Task SignInAsync(IPage page, MandateTestServer server, string root)
    {
        await page.GotoAsync(root + "/console/sign-in");
        await page.FillAsync("#client_id", server.Admin.ClientId);
        await page.FillAsync("#client_secret", server.Admin.ClientSecret);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(root + "/console");
    }

    private static async Task AssertNoSecretAsync(IPage page, IEnumerable<string> secrets)
    {
        var html = await page.ContentAsync();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }
    }

    private static JsonElement Claims(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.Clone();
    }
}

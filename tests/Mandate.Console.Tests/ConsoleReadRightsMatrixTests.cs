using System.Net;
using System.Net.Http.Headers;
using Mandate.Admin.Console;
using Mandate.Testing;

namespace Mandate.Console.Tests;

/// <summary>
/// Console read rights against the admin API's route table: for each scope set, every console read page answers 200
/// exactly when the admin API's equivalent GET (taken from <see cref="ConsoleNavigation"/>, the pages' own mapping)
/// answers with something other than 403 for a token with the same scopes, and the navigation links match.
/// </summary>
public sealed class ConsoleReadRightsMatrixTests
{
    private const string Api = "https://api.example.com";

    public static TheoryData<string> ScopeSets =>
        new() { "mandate:read", "mandate:agents", "mandate:keys", "mandate:trust", "mandate:audit", "mandate:read mandate:audit", "mandate:admin" };

    [Theory]
    [MemberData(nameof(ScopeSets))]
    public async Task ConsolePage_IsReadable_IffTheAdminApiGetIsAllowed(string scopes)
    {
        await using var server = await MandateTestServer.StartAsync();
        var target = await server.CreateAgentAsync(new { name = "target", scopes = new[] { "read" }, audiences = new[] { Api } });
        const string jti = "no-such-jti";
        var operatorAgent = await server.CreateAgentAsync(new
        {
            name = "operator",
            scopes = scopes.Split(' '),
            default_scopes = scopes.Split(' '),
            audiences = new[] { server.Issuer + "/admin" },
        });
        using var admin = new HttpClient { BaseAddress = server.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", await server.GetTokenAsync(operatorAgent.ClientId, operatorAgent.ClientSecret!, server.Issuer + "/admin"));
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SignInAsync(operatorAgent.ClientId, operatorAgent.ClientSecret!)).StatusCode);

        foreach (var (page, adminRoute) in ConsoleNavigation.Pages)
        {
            var apiStatus = (await admin.GetAsync(adminRoute.Replace("{id}", target.ClientId, StringComparison.Ordinal).TrimStart('/'))).StatusCode;
            var consoleResponse = await browser.GetAsync(page.Replace("{id}", target.ClientId, StringComparison.Ordinal).Replace("{jti}", jti, StringComparison.Ordinal).TrimStart('/'));
            var apiAllows = apiStatus != HttpStatusCode.Forbidden;
            Assert.True(apiStatus is HttpStatusCode.OK or HttpStatusCode.Forbidden, $"GET {adminRoute} answered {apiStatus}");
            Assert.True(
                apiAllows ? consoleResponse.StatusCode != HttpStatusCode.Forbidden : consoleResponse.StatusCode == HttpStatusCode.Forbidden,
                $"{scopes}: console {page} answered {consoleResponse.StatusCode}, admin API GET {adminRoute} {apiStatus}");
            if (!apiAllows)
            {
                Assert.Contains("MND3301", await consoleResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        // The overview renders the layout whether it answers 200 or 403, so its navigation shows what the session may read.
        var layout = await (await browser.GetAsync("console")).Content.ReadAsStringAsync();
        foreach (var (href, _, adminRoute) in ConsoleNavigation.Links)
        {
            var allowed = (await admin.GetAsync(adminRoute.TrimStart('/'))).StatusCode != HttpStatusCode.Forbidden;
            Assert.True(allowed == layout.Contains("<a href=\"" + href + "\">", StringComparison.Ordinal), $"{scopes}: navigation link {href}");
        }
    }
}

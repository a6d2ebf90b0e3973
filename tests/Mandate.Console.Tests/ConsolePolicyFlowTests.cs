using System.Net;
using Mandate.Testing;

namespace Mandate.Console.Tests;

/// <summary>Editing an agent's policy from the console: the admin API's validators, nothing changed on error, /token honours a change.</summary>
public sealed class ConsolePolicyFlowTests
{
    private const string Api = "https://api.example.com";

    [Theory]
    [InlineData("allowed_cidrs", "10.0.0.1/8", "MND2633")]
    [InlineData("token_lifetime_seconds", "999999", "token_lifetime_seconds must be between")]
    [InlineData("audiences", "not-a-uri", "audiences must list")]
    [InlineData("allowed_hours", "25-26", "MND2630")]
    [InlineData("tokens_per_minute", "many", "MND3900")]
    [InlineData("expires_at", "tomorrow", "MND3901")]
    public async Task InvalidField_ShowsErrorInline_AndChangesNothing(string field, string value, string expected)
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "worker", scopes = new[] { "read", "write" }, audiences = new[] { Api } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);
        var form = Form(("scopes", "read"), (field, value));

        var response = await browser.SubmitAsync("console/agents/" + agent.ClientId + "/policy", "console/agents/" + agent.ClientId + "/policy", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(value), html, StringComparison.Ordinal);
        await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, "write");
    }

    [Fact]
    public async Task ValidEdit_IsStored_Audited_AndHonouredByToken()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "worker", scopes = new[] { "read", "write" }, audiences = new[] { Api } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        var saved = await browser.SubmitAsync("console/agents/" + agent.ClientId + "/policy", "console/agents/" + agent.ClientId + "/policy",
            Form(("scopes", "read"), ("token_lifetime_seconds", "120"), ("allowed_cidrs", "127.0.0.0/8 10.0.0.0/8"), ("tokens_per_minute", "50")));

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, "write"));
        Assert.Contains("invalid_scope", error.Message, StringComparison.Ordinal);
        await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, "read");
        var page = await (await browser.GetAsync("console/agents/" + agent.ClientId)).Content.ReadAsStringAsync();
        Assert.Contains("<code>10.0.0.0/8</code>", page, StringComparison.Ordinal);
        Assert.Contains("50 per minute", page, StringComparison.Ordinal);
        Assert.Contains("120 s", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NetworkOutsideAllowList_Enforced_TokenRefused()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "worker", scopes = new[] { "read" }, audiences = new[] { Api } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        var saved = await browser.SubmitAsync("console/agents/" + agent.ClientId + "/policy", "console/agents/" + agent.ClientId + "/policy",
            Form(("scopes", "read"), ("allowed_cidrs", "10.0.0.0/8"), ("allowed_cidrs_mode", "enforce")));

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, "read"));
    }

    private static (string, string)[] Form(params (string Name, string Value)[] overrides)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["scopes"] = "read write", ["audiences"] = Api, ["token_lifetime_seconds"] = "300", ["expires_at"] = "", ["allowed_hours"] = "",
            ["time_zone"] = "", ["allowed_cidrs"] = "", ["allowed_hours_mode"] = "enforce", ["allowed_cidrs_mode"] = "enforce",
            ["tokens_per_minute"] = "", ["tokens_per_day"] = "",
        };
        foreach (var (name, value) in overrides)
        {
            fields[name] = value;
        }

        return [.. fields.Select(f => (f.Key, f.Value))];
    }
}

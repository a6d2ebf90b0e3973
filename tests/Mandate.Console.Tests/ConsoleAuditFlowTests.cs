using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mandate.Storage;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Console.Tests;

/// <summary>The audit page and its JSON Lines export against a real server and its SQLite audit store.</summary>
public sealed partial class ConsoleAuditFlowTests
{
    private const string Api = "https://api.example.com";

    [Fact]
    public async Task AuditPage_FiltersByAgentAndType_NewestFirst_AndExportMatchesTheAdminApi()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "audited", scopes = new[] { "read" }, audiences = new[] { Api } });
        var other = await server.CreateAgentAsync(new { name = "other", scopes = new[] { "read" }, audiences = new[] { Api } });
        await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, "read");
        await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, "read");
        await server.GetTokenAsync(other.ClientId, other.ClientSecret!, Api, "read");
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        var page = await browser.GetAsync("console/audit?agent=" + agent.ClientId + "&type=token.issued&since=1h");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var ids = RowId().Matches(html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, ids.Count);
        Assert.True(ids[0] > ids[1], "newest first");
        Assert.Contains("href=\"/console/agents/" + agent.Json.GetProperty("id").GetString()! + "\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Json.GetProperty("id").GetString()!, html, StringComparison.Ordinal);

        var export = await browser.GetAsync("console/audit/export?agent=" + agent.ClientId + "&since=1h");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        using var admin = new HttpClient { BaseAddress = server.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        using var api = JsonDocument.Parse(await admin.GetStringAsync("admin/audit?agent=" + agent.ClientId + "&since=1h"));
        var expected = api.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetRawText()).ToList();
        Assert.True(expected.Count >= 2);
        Assert.Equal(expected, lines);
        Assert.All(lines, line => Assert.Equal(agent.Json.GetProperty("id").GetString()!, JsonDocument.Parse(line).RootElement.GetProperty("agent_id").GetString()));
    }

    [Fact]
    public async Task AuditPage_PagesOlderRecords_AndShowsEmptyStates()
    {
        await using var server = await MandateTestServer.StartAsync();
        var store = server.Services.GetRequiredService<IAuditStore>();
        var now = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, 60).Select(i => new AuditRecord { Timestamp = now, Type = "test.paging", Reason = "record " + i }).ToList();
        await store.AppendAsync(records, CancellationToken.None);
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        var first = await (await browser.GetAsync("console/audit?type=test.paging")).Content.ReadAsStringAsync();
        Assert.Equal(50, RowId().Matches(first).Count);
        Assert.Contains("record 59", first, StringComparison.Ordinal);
        var next = WebUtility.HtmlDecode(NextLink().Match(first).Groups[1].Value);
        var second = await (await browser.GetAsync(next.TrimStart('/'))).Content.ReadAsStringAsync();
        Assert.Equal(10, RowId().Matches(second).Count);
        Assert.Contains("record 0<", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Older records", second, StringComparison.Ordinal);

        var none = await (await browser.GetAsync("console/audit?type=no.such.type")).Content.ReadAsStringAsync();
        Assert.Contains("No audit record matches", none, StringComparison.Ordinal);
        var bad = await browser.GetAsync("console/audit?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("MND2620", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badUntil = await browser.GetAsync("console/audit?since=1h&until=2h");
        Assert.Equal(HttpStatusCode.BadRequest, badUntil.StatusCode);
        Assert.Contains("MND3101", await badUntil.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPage_UntilBound_MatchesTheAdminApi_AndIsKeptInTheLinks()
    {
        await using var server = await MandateTestServer.StartAsync();
        var store = server.Services.GetRequiredService<IAuditStore>();
        var now = DateTimeOffset.UtcNow;
        await store.AppendAsync(
        [
            new AuditRecord { Timestamp = now.AddHours(-3), Type = "test.window", Reason = "three hours ago" },
            new AuditRecord { Timestamp = now.AddMinutes(-90), Type = "test.window", Reason = "ninety minutes ago" },
            new AuditRecord { Timestamp = now.AddMinutes(-1), Type = "test.window", Reason = "a minute ago" },
        ], CancellationToken.None);
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(server.Admin.ClientId, server.Admin.ClientSecret);

        var html = await (await browser.GetAsync("console/audit?type=test.window&since=2h&until=1h")).Content.ReadAsStringAsync();
        Assert.Contains("ninety minutes ago", html, StringComparison.Ordinal);
        Assert.DoesNotContain("three hours ago", html, StringComparison.Ordinal);
        Assert.DoesNotContain("a minute ago", html, StringComparison.Ordinal);
        Assert.Contains("until=1h", html, StringComparison.Ordinal);
        Assert.Contains("id=\"until\" name=\"until\" value=\"1h\"", html, StringComparison.Ordinal);

        var export = (await (await browser.GetAsync("console/audit/export?type=test.window&until=1h")).Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var admin = new HttpClient { BaseAddress = server.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        using var api = JsonDocument.Parse(await admin.GetStringAsync("admin/audit?type=test.window&until=1h"));
        var expected = api.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetRawText()).ToList();
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, export);
    }

    [Fact]
    public async Task AuditPage_NeedsTheAuditScope()
    {
        await using var server = await MandateTestServer.StartAsync();
        var viewer = await server.CreateAgentAsync(new { name = "viewer", scopes = new[] { "mandate:read" }, audiences = new[] { Api } });
        var auditor = await server.CreateAgentAsync(new { name = "auditor", scopes = new[] { "mandate:audit" }, audiences = new[] { Api } });

        using (var browser = new ConsoleBrowserSession(server.BaseAddress))
        {
            await browser.SignInAsync(viewer.ClientId, viewer.ClientSecret!);
            Assert.DoesNotContain("/console/audit", await (await browser.GetAsync("console")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var refused = await browser.GetAsync("console/audit");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("mandate:audit", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("console/audit/export")).StatusCode);
        }

        using var auditorBrowser = new ConsoleBrowserSession(server.BaseAddress);
        await auditorBrowser.SignInAsync(auditor.ClientId, auditor.ClientSecret!);
        Assert.Equal(HttpStatusCode.OK, (await auditorBrowser.GetAsync("console/audit")).StatusCode);
    }

    [GeneratedRegex("<tr id=\"r([0-9]+)\">")]
    private static partial Regex RowId();

    [GeneratedRegex("<a rel=\"next\" href=\"([^\"]+)\">Older records</a>")]
    private static partial Regex NextLink();
}
